namespace DeepLead.Fakes.Transports;

/// <summary>How requests reach the core: a real port (WireMock.Net) or in memory (TestHost).</summary>
internal interface IFakeTransport : IDisposable
{
    /// <summary>The server's root address; the API lives under <c>api/v1/</c>.</summary>
    Uri RootAddress { get; }

    /// <summary>A handler that reaches this transport (a socket handler, or TestHost's in-memory handler).</summary>
    HttpMessageHandler CreateHandler();
}
