using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rendering;

namespace DeepLead.Fakes.Transports;

/// <summary>
/// Serves the API on a real port through WireMock.Net: one mapping that hands every <c>/api/v1</c> request to the core.
/// WireMock's own request log is off; it grows without bound and its cap costs a sort per request.
/// </summary>
internal sealed class WireMockTransport : IFakeTransport
{
    private readonly WireMockServer _server;

    private readonly string _host;

    private readonly WireMockFrontDoor _frontDoor;

    private WireMockTransport(WireMockServer server, string host, WireMockFrontDoor frontDoor)
    {
        _server = server;
        _host = host;
        _frontDoor = frontDoor;
    }

    public WireMockServer Server => _server;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    /// <remarks>Built from the host asked for: WireMock reports 127.0.0.1 as "localhost" when the port is fixed.</remarks>
    public Uri RootAddress => new($"http://{FormatHost(_host)}:{_server.Ports[0]}/");

    /// <summary>Our catch-all matches last, so WireMock mappings from a scenario (default priority) win.</summary>
    private const int CorePriority = 1_000_000;

    /// <summary>After everything else, outside WireMock.Net's admin paths.</summary>
    private const int NotFoundPriority = CorePriority + 1;

    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };

    /// <param name="pipeline">
    /// The standalone stub's hook into WireMock.Net's ASP.NET Core pipeline, ahead of WireMock's own middleware: its
    /// admin API and the admin token (WireMock.Net itself offers only Basic and Azure AD protection).
    /// </param>
    public static WireMockTransport Start(
        ApiSwitch api, int maxBodyBytes, string host, int port, bool startAdminInterface = false, Action<IApplicationBuilder>? pipeline = null, ILogger? logger = null)
    {
        var settings = new WireMockServerSettings
        {
            Urls = [$"http://{FormatHost(host)}:{port}"],
            StartAdminInterface = startAdminInterface,
            MaxRequestLogCount = 0,
            // Its admin API reads mappings from JSON bodies (POST /__admin/mappings fails without parsing). The API's
            // requests reach WireMock.Net only when a user mapping could match them, so the parse is off their path.
            DisableJsonBodyParsing = !startAdminInterface,
            DisableRequestBodyDecompressing = true,
            DisableDeserializeFormUrlEncoded = true,
            DoNotSaveDynamicResponseInLogEntry = true,
            AllowBodyForAllHttpMethods = true,
        };
        var frontDoor = new WireMockFrontDoor(api, maxBodyBytes, startAdminInterface);
        // A startup filter, not WireMock.Net's PreWireMockMiddlewareInit: that runs behind its exception, CORS and
        // WebSocket middleware, each a step (and the WebSocket one an allocation) on every API request.
        settings.AdditionalServiceRegistration = services =>
        {
            services.AddSingleton<IStartupFilter>(new AheadOfWireMock(builder =>
            {
                var log = logger ?? NullLogger.Instance;
                builder.Use((context, next) => AnswerEscapedAsync(context, next, log));
                // The stub's middleware first (its admin API and token, its log line per request), then ours.
                pipeline?.Invoke(builder);
                builder.Use(frontDoor.InvokeAsync);
            }));
            // WireMock.Net gives its host a logging provider, so ASP.NET Core started an Activity and a log scope per
            // request; nothing read them (Kestrel's own messages never reached the stub's output or the fake's logger).
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        };
        WireMockServer server;
        try
        {
            server = WireMockServer.Start(settings);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The DeepLead fake could not listen on {host}:{port}: {exception.GetBaseException().Message}", exception);
        }
        try
        {
            // Requests the front door hands to WireMock.Net (a user mapping could match them) end here when none does.
            var core = server
                .Given(Request.Create().WithPath(new RegexMatcher(@"^/api/v1(/.*)?$")).UsingAnyMethod())
                .AtPriority(CorePriority)
                .WithTitle("DeepLead API (served by DeepLead.Fakes)");
            core.RespondWith(Response.Create().WithCallback(request => RespondAsync(api, request)));
            var notFound = server
                .Given(Request.Create().WithPath(new RegexMatcher("^(?!/__admin(/|$))", ignoreCase: true)).UsingAnyMethod())
                .AtPriority(NotFoundPriority)
                .WithTitle("Not found (DeepLead.Fakes: the documented error shape instead of WireMock.Net's)");
            notFound.RespondWith(Response.Create().WithCallback(request => RespondAsync(api, request)));
            frontDoor.Attach(server, [core.Guid, notFound.Guid]);
        }
        catch
        {
            server.Stop();
            server.Dispose();
            throw;
        }
        return new WireMockTransport(server, host, frontDoor);
    }

    /// <summary>
    /// Adds the scenarios' WireMock.Net mappings (each one mapping or an array), once the world that holds them is
    /// built: the port opens while the scenarios are read. The front door sees them as it sees any added at runtime.
    /// </summary>
    /// <exception cref="MappingRefusedException">WireMock.Net refused a mapping (the caller says which scenario).</exception>
    public void AddMappings(IReadOnlyList<string> mappings)
    {
        try
        {
            foreach (var mapping in mappings)
            {
                _server.WithMapping(mapping);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new MappingRefusedException($"a WireMock.Net mapping was refused: {exception.GetBaseException().Message}", exception);
        }
        finally
        {
            // Even a refused array may have added some; the front door must not act on a stale list either way.
            _frontDoor.MappingsChanged();
        }
    }

    /// <summary>
    /// Ahead of WireMock.Net's exception middleware, so its job is ours: whatever escapes the stub's middleware is
    /// answered in the documented shape, never with WireMock.Net's serialized exception.
    /// </summary>
    private static async Task AnswerEscapedAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException) && !context.Response.HasStarted)
        {
            // The type only: a message may quote the request, and the request may carry a secret.
            logger.LogError("{Method} {Path} failed in the host's middleware: {Error}", context.Request.Method, context.Request.Path.Value, exception.GetType().Name);
            context.Response.Clear();
            await HttpContextAdapter.WriteAsync(context, ApiRenderer.Error(500, "Internal server error")).ConfigureAwait(false);
        }
    }

    private sealed class AheadOfWireMock(Action<IApplicationBuilder> configure) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            configure(app);
            next(app);
        };
    }

    private static string FormatHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>
    /// A plain callback mapping (not a custom response provider), so WireMock.Net's own admin API can still list it.
    /// </summary>
    private static async Task<IResponseMessage> RespondAsync(ApiSwitch api, IRequestMessage requestMessage)
    {
        var context = WireMockFrontDoor.DeferredContext;
        var request = new ApiRequest(
            requestMessage.Method,
            requestMessage.Path,
            requestMessage.RawQuery,
            Header(requestMessage, "Authorization"),
            Header(requestMessage, "Content-Type"),
            requestMessage.BodyAsBytes ?? requestMessage.BodyData?.BodyAsBytes ?? [])
        {
            TraceParent = FakeTelemetry.IsListening ? Header(requestMessage, "traceparent") : null,
        };
        var pipeline = await api.GetAsync().ConfigureAwait(false);
        var response = await pipeline.HandleAsync(request, context?.RequestAborted ?? CancellationToken.None).ConfigureAwait(false);
        var message = new ResponseMessage
        {
            StatusCode = response.StatusCode,
            BodyData = new BodyData { BodyAsBytes = response.Body, DetectedBodyType = BodyType.Bytes },
        };
        message.AddHeader("Content-Type", ApiResponse.ContentType);
        if (response.Call > 0)
        {
            message.AddHeader(ApiResponse.CallHeader, response.Call.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (response.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                message.AddHeader(name, value);
            }
        }
        if (response.Fault is not null && context is not null)
        {
            // WireMock.Net's own faults answer 200 with an empty body; a real broken connection needs the socket.
            await HttpContextAdapter.WriteAsync(context, response).ConfigureAwait(false);
        }
        return message;
    }

    private static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }
        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.Count > 0 ? values[0] : null;
            }
        }
        return null;
    }
}

/// <summary>WireMock.Net refused a scenario's mapping; the composition reports it as that scenario's error.</summary>
internal sealed class MappingRefusedException(string message, Exception inner) : Exception(message, inner);
