using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeepLead.Fakes.Transports;

/// <summary>
/// Serves the API in memory through ASP.NET Core's TestHost: no socket, no port, same core and same rules.
/// The server is started directly with a one-delegate application rather than through a generic host,
/// which keeps a start well under a millisecond.
/// </summary>
internal sealed class InMemoryTransport : IFakeTransport
{
    private static readonly IServiceProvider Services = new ServiceCollection().BuildServiceProvider();

    private readonly TestServer _server;

    private InMemoryTransport(TestServer server) => _server = server;

    public Uri RootAddress { get; } = new("http://deeplead.fake/");

    public static InMemoryTransport Start(ApiSwitch api, int maxBodyBytes)
    {
        // The caller's execution context flows into the handler, so a test framework's ambient "current test" sees the fake's log lines.
        var server = new TestServer(Services) { PreserveExecutionContext = true, BaseAddress = new Uri("http://deeplead.fake/") };
        // TestServer completes StartAsync synchronously: it only records the application.
        ((IServer)server).StartAsync(new CoreApplication(api, maxBodyBytes), CancellationToken.None).GetAwaiter().GetResult();
        return new InMemoryTransport(server);
    }

    public HttpMessageHandler CreateHandler() => new BrokenConnectionHandler(_server.CreateHandler());

    public void Dispose() => _server.Dispose();

    private sealed class CoreApplication(ApiSwitch api, int maxBodyBytes) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => HttpContextAdapter.HandleAsync(context, api, maxBodyBytes);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }

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
}
