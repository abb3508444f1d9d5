using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Transports;

/// <summary>Serves the API in memory through ASP.NET Core's TestHost: no socket, no port, same core and same rules.</summary>
internal sealed class InMemoryTransport : IFakeTransport
{
    private readonly IHost _host;
    private readonly TestServer _server;

    private InMemoryTransport(IHost host)
    {
        _host = host;
        _server = host.GetTestServer();
        _server.BaseAddress = RootAddress;
    }

    public Uri RootAddress { get; } = new("http://deeplead.fake/");

    public static InMemoryTransport Start(ApiSwitch api, int maxBodyBytes)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureWebHost(web => web
                .UseTestServer(server => server.PreserveExecutionContext = false)
                .Configure(app => app.Run(context => HttpContextAdapter.HandleAsync(context, api, maxBodyBytes))))
            .Build();
        host.Start();
        return new InMemoryTransport(host);
    }

    public HttpMessageHandler CreateHandler() => new BrokenConnectionHandler(_server.CreateHandler());

    /// <summary>
    /// TestHost reports a server-side abort as a cancellation; over a socket it is an <see cref="HttpRequestException"/>.
    /// Translating keeps one behaviour across transports, so retry code sees the same exception in both.
    /// </summary>
    private sealed class BrokenConnectionHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The DeepLead fake closed the connection without a complete response.", exception);
            }
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
    }
}
