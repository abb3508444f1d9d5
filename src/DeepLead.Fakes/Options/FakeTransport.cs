namespace DeepLead.Fakes;

/// <summary>How tests reach the fake.</summary>
public enum FakeTransport
{
    /// <summary>A real HTTP port on 127.0.0.1 served by WireMock.Net: for any client, any language, any process.</summary>
    WireMock,

    /// <summary>In memory through ASP.NET Core's TestHost: no socket; reach it with <see cref="DeepLeadFake.CreateHandler"/> or <see cref="DeepLeadFake.CreateClient"/>.</summary>
    InMemory,
}
