using System.Net;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Matchers;
using WireMock.Matchers.Request;
using WireMock.RequestBuilders;
using WireMock.Server;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rendering;

namespace DeepLead.Fakes.Transports;

/// <summary>
/// Our middleware ahead of WireMock.Net's: <c>/api/v1</c> goes straight from Kestrel's <see cref="HttpContext"/> to the
/// core, so neither WireMock.Net's request parsing nor its linear scan over every mapping (its ~50 admin mappings
/// included) is on the API's path; every other path outside <c>/__admin</c> gets the documented 404 shape.
/// <para>
/// Users' own WireMock.Net mappings (a scenario's <c>wiremock</c> section, <c>POST /__admin/mappings</c>) still win:
/// while any of them could match a request's path, the request is handed to WireMock.Net unchanged, whose scan then
/// picks the user's mapping or falls through to ours (<see cref="WireMockTransport"/>'s catch-alls).
/// </para>
/// </summary>
internal sealed class WireMockFrontDoor(ApiSwitch api, int maxBodyBytes, bool adminInterface)
{
    private const string AdminRoot = "/__admin";

    private const string HealthPath = "/__admin/health";

    /// <summary>Bumped on every change to WireMock.Net's mappings we can see; the snapshot is rebuilt when it lags.</summary>
    private long _version;

    /// <summary>Admin calls that may change mappings, in flight: meanwhile every request goes to WireMock.Net.</summary>
    private int _mutating;

    /// <summary>
    /// The request handed to WireMock.Net, for our catch-all mapping's callback: it sees only WireMock.Net's request
    /// message, and a broken connection (a fault rule) needs the real connection. Set only then: an async-local costs an
    /// allocation per request, which the API's own path does without.
    /// </summary>
    private static readonly AsyncLocal<HttpContext?> Deferred = new();

    private WireMockServer? _server;
    private HashSet<Guid> _ours = [];
    private volatile UserMappings _mappings = UserMappings.Empty;

    /// <summary>
    /// Starts reading WireMock.Net's mappings. Until then (the moment between the port opening and the mappings being
    /// added) nothing is deferred: there are no user mappings to win yet.
    /// </summary>
    public void Attach(WireMockServer server, IEnumerable<Guid> ours)
    {
        _ours = [.. ours];
        // Built now, off the first request's path; the version read before the mappings, as in Current.
        var version = Interlocked.Increment(ref _version);
        _mappings = UserMappings.From(server.Mappings, _ours, version);
        Volatile.Write(ref _server, server);
    }

    /// <summary>Mappings were added in code (the scenarios' once their world is built): read them again.</summary>
    public void MappingsChanged() => Interlocked.Increment(ref _version);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (adminInterface && path.StartsWith(AdminRoot, StringComparison.OrdinalIgnoreCase))
        {
            return AdminAsync(context, next);
        }
        // The fake's own answer is the usual case: no step of this method's own on its way.
        return ShouldDefer(context.Request, path) ? DeferAsync(context, next) : AnswerAsync(context);
    }

    private async Task DeferAsync(HttpContext context, RequestDelegate next)
    {
        // WireMock.Net reads the body before it can fail on the request; buffered, the body can be read again by the core.
        context.Request.EnableBuffering();
        Deferred.Value = context;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            // WireMock.Net could not take the request in (its parser throws where ours answers 400): no user mapping
            // can have matched it, so the fake answers as if there were none.
            context.Request.Body.Position = 0;
            context.Response.Clear();
            await AnswerAsync(context).ConfigureAwait(false);
        }
        finally
        {
            if (_mappings.HasProxy)
            {
                // A recording proxy mapping may have added a mapping while answering.
                Interlocked.Increment(ref _version);
            }
        }
    }

    public static HttpContext? DeferredContext => Deferred.Value;

    /// <summary>
    /// The fake's own answer. Anything that escapes (a body Kestrel cannot read, say) is answered here in the documented
    /// shape: further out, WireMock.Net's exception middleware would answer with the exception and its stack trace.
    /// </summary>
    private async Task AnswerAsync(HttpContext context)
    {
        try
        {
            // Paths outside /api/v1 go through the pipeline too (its router answers them 404, with a hint), so they
            // carry a call number and are journaled, as in memory.
            await HttpContextAdapter.HandleAsync(context, api, maxBodyBytes).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await HttpContextAdapter.WriteAsync(context, exception is BadHttpRequestException bad
                ? ApiRenderer.Error(bad.StatusCode, bad.StatusCode == 413 ? "The body is too large" : "The request could not be read")
                : ApiRenderer.Error(500, "Internal server error")).ConfigureAwait(false);
        }
    }

    /// <summary>WireMock.Net's admin API: a call that may change its mappings makes the snapshot stale.</summary>
    private async Task AdminAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsGet(context.Request.Method) && string.Equals(context.Request.Path.Value, HealthPath, StringComparison.Ordinal))
        {
            // WireMock.Net's own answer (same status, type and body; its path match is exact and case-sensitive), without
            // its scan over ~50 admin mappings: probes poll this path from the moment the port opens, and the scan's
            // one-off costs (a regex compiled per admin route, a search of every DLL for a plug-in) would land on them.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Healthy", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _mutating);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // Stale first, then done: a request that sees no mutation in flight also sees the new version.
            Interlocked.Increment(ref _version);
            Interlocked.Decrement(ref _mutating);
        }
    }

    private bool ShouldDefer(HttpRequest request, string path)
    {
        if (Volatile.Read(ref _server) is not { } server)
        {
            return false;
        }
        if (Volatile.Read(ref _mutating) > 0)
        {
            return WireMockCanParse(request.QueryString.Value);
        }
        var mappings = Current(server);
        return mappings.CouldMatch(path) && WireMockCanParse(request.QueryString.Value);
    }

    private UserMappings Current(WireMockServer server)
    {
        var version = Interlocked.Read(ref _version);
        var mappings = _mappings;
        if (mappings.Version == version)
        {
            return mappings;
        }
        // Read after the version: the snapshot reflects at least that version. Racing rebuilds are alike and harmless.
        mappings = UserMappings.From(server.Mappings, _ours, version);
        _mappings = mappings;
        return mappings;
    }

    /// <summary>
    /// The front door's prediction for one request, as <see cref="ShouldDefer"/> makes it when no admin call is in flight:
    /// true when one of the user mappings (not <paramref name="ours"/>, not WireMock.Net's admin mappings) could match
    /// <paramref name="path"/> and WireMock.Net can parse the query. The WireMock.Net matching table test holds it
    /// against WireMock.Net's own matching.
    /// </summary>
    internal static bool WouldDefer(IEnumerable<IMapping> mappings, IEnumerable<Guid> ours, string path, string? rawQuery) =>
        UserMappings.From(mappings, [.. ours], 0).CouldMatch(path) && WireMockCanParse(rawQuery);

    /// <summary>
    /// False for a query WireMock.Net's parser throws on (it would answer with a stack trace): a parameter with neither a
    /// name nor a value (<c>?=</c>, <c>?==</c>; <c>?=x</c> parses), or names that differ only by case. Such a request is
    /// answered by the fake; no user mapping could have matched it. The WireMock.Net matching table test holds each case.
    /// </summary>
    internal static bool WireMockCanParse(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
        {
            return true;
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in rawQuery.TrimStart('?').Split(['&', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            if (name.Length == 0 && (equals < 0 || part.AsSpan(equals + 1).Trim('=').IsEmpty))
            {
                return false;
            }
            foreach (var spelling in (ReadOnlySpan<string>)[name, WebUtility.UrlDecode(name)])
            {
                if (exact.Add(spelling) && !names.Add(spelling))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The user mappings (neither WireMock.Net's admin mappings nor ours), with what decides whether each could match a path.</summary>
    private sealed class UserMappings
    {
        public static readonly UserMappings Empty = new([], false, -1);

        private readonly Func<string, bool>[] _pathTests;

        private UserMappings(Func<string, bool>[] pathTests, bool hasProxy, long version)
        {
            _pathTests = pathTests;
            HasProxy = hasProxy;
            Version = version;
        }

        public long Version { get; }

        public bool HasProxy { get; }

        public static UserMappings From(IEnumerable<IMapping> all, HashSet<Guid> ours, long version)
        {
            var user = all.Where(m => !m.IsAdminInterface && !ours.Contains(m.Guid)).ToList();
            return new UserMappings([.. user.Select(PathTest)], user.Any(m => m.IsProxy), version);
        }

        public bool CouldMatch(string path)
        {
            if (_pathTests.Length == 0)
            {
                return false;
            }
            // WireMock.Net matches the percent-decoded path; Kestrel leaves an encoded slash encoded.
            var decoded = path.Contains('%', StringComparison.Ordinal) ? WebUtility.UrlDecode(path) : path;
            foreach (var test in _pathTests)
            {
                if (test(path) || (!ReferenceEquals(decoded, path) && test(decoded)))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Conservative: a mapping without a path matcher, or one we cannot read, could match any path; a matcher that
        /// scores above zero could match. Only a mapping whose path matcher certainly rejects the path is skipped.
        /// </summary>
        private static Func<string, bool> PathTest(IMapping mapping)
        {
            if (mapping.RequestMatcher is not Request request)
            {
                return static _ => true;
            }
            var pathMatchers = request.GetRequestMessageMatchers<RequestMessagePathMatcher>();
            if (pathMatchers.Count == 0)
            {
                return static _ => true;
            }
            return path => pathMatchers.All(matcher => CouldMatch(matcher, path));
        }

        private static bool CouldMatch(RequestMessagePathMatcher matcher, string path)
        {
            try
            {
                if (matcher.Matchers is { Count: > 0 } matchers)
                {
                    return matcher.MatchOperator == MatchOperator.And
                        ? matchers.All(m => m.IsMatch(path).Score > MatchScores.Mismatch)
                        : matchers.Any(m => m.IsMatch(path).Score > MatchScores.Mismatch);
                }
                if (matcher.Funcs is { Length: > 0 } funcs)
                {
                    return matcher.MatchOperator == MatchOperator.And ? funcs.All(f => f(path)) : funcs.Any(f => f(path));
                }
                return true;
            }
#pragma warning disable CA1031 // A user's matcher that throws: let WireMock.Net decide, as it would without us.
            catch (Exception)
#pragma warning restore CA1031
            {
                return true;
            }
        }
    }
}
