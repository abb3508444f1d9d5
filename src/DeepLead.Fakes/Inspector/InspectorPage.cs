using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeepLead.Fakes.Composition;
using DeepLead.Fakes.Scenarios;
using Microsoft.AspNetCore.Http;

namespace DeepLead.Fakes.Inspector;

/// <summary>
/// The inspector: a page at <c>/__admin/deeplead/ui/</c> and the JSON and event stream it reads, served by the port
/// transport's pipeline (the stub's too) or by the in-memory fake's own loopback listener. Nothing here runs on an API
/// call: the event stream reads the journal's last sequence number while a page is connected, and only then.
/// </summary>
internal sealed class InspectorPage
{
    public const string Prefix = "/__admin/deeplead/ui";
    public const string CookieName = "deeplead-inspector";
    public const string ChangeKeyHeader = "X-DeepLead-Change-Key";

    /// <summary>Scripts, styles and data only from the page's own origin; nothing inline, no frames, no form posts elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>How often a connected page gets the calls that arrived: batched, so a load test is not slowed by the page.</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many calls per batch (the newest): 1,000 a second is more than a person reads; the page says how many it did not get live.</summary>
    public const int MaxBatch = 250;

    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxSessions = 256;

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["/inspector.js"] = ("inspector.js", "text/javascript; charset=utf-8"),
        ["/inspector.css"] = ("inspector.css", "text/css; charset=utf-8"),
        ["/login.js"] = ("login.js", "text/javascript; charset=utf-8"),
        // Named by the page, so the browser does not ask the fake's API for /favicon.ico (that would land in the journal).
        ["/favicon.svg"] = ("favicon.svg", "image/svg+xml"),
    };

    private readonly byte[]? _token;
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);
    /// <summary>Without a token there is no login: one change key for every page of this fake.</summary>
    private readonly string _openChangeKey = NewSecret();
    private readonly SemaphoreSlim _mutation = new(1, 1);
    /// <summary>Cancelled when the fake stops: an open page's event stream must not hold up the fake's disposal.</summary>
    private readonly CancellationTokenSource _stopping = new();
    private InspectorSource? _source;

    private readonly bool _canLoadScenarios;

    /// <param name="token">The admin token the page asks for once; null or empty: none.</param>
    /// <param name="canLoadScenarios">
    /// False when a host keeps the scenario layers itself (the stub's admin API rebuilds from its own list): loading
    /// from the page would leave that list stale, so the page points at the host's admin API instead.
    /// </param>
    public InspectorPage(string? token, bool canLoadScenarios)
    {
        _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);
        _canLoadScenarios = canLoadScenarios;
    }

    public void Attach(InspectorSource source) => Volatile.Write(ref _source, source);

    /// <summary>Ends every open event stream (the fake is stopping).</summary>
    public void Stop() => _stopping.Cancel();

    /// <summary>Exactly the inspector's paths (ordinal: a host's own checks see every other spelling).</summary>
    public static bool Owns(string? path) =>
        path is not null && path.StartsWith(Prefix, StringComparison.Ordinal) && (path.Length == Prefix.Length || path[Prefix.Length] == '/');

    /// <summary>A middleware for a pipeline: the inspector's paths here, everything else on.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        Owns(context.Request.Path.Value) ? HandleAsync(context) : next(context);

    /// <summary>For the in-memory fake's own listener: the inspector's paths, and 404 in the documented shape for any other.</summary>
    public Task InvokeOrNotFoundAsync(HttpContext context)
    {
        if (context.Request.Path.Value is "/" or "")
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = Prefix + "/";
            return Task.CompletedTask;
        }
        return Owns(context.Request.Path.Value)
            ? HandleAsync(context)
            : ErrorAsync(context, 404, $"Not found: {context.Request.Method} {context.Request.Path.Value}; the inspector is at {Prefix}/");
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers.CacheControl = "no-store";
        var path = context.Request.Path.Value!;
        var route = path[Prefix.Length..];
        var method = context.Request.Method;
        if (Volatile.Read(ref _source) is not { } source)
        {
            await ErrorAsync(context, 503, "The fake is starting; try again in a moment").ConfigureAwait(false);
            return;
        }
        if (_token is null && !IsLoopbackName(context.Request.Host.Host))
        {
            // Without a token, only a page that reached the fake by a loopback name: a site whose name was made to point at
            // 127.0.0.1 (DNS rebinding) must not read or change the fake from a browser.
            await ErrorAsync(context, 403, "Without an admin token the inspector answers only at a loopback address (127.0.0.1, localhost, [::1])").ConfigureAwait(false);
            return;
        }
        if (route.Length == 0)
        {
            // Relative links in the page need the trailing slash.
            response.StatusCode = 308;
            response.Headers.Location = Prefix + "/";
            return;
        }
        if (Assets.TryGetValue(route, out var asset))
        {
            if (method is not ("GET" or "HEAD"))
            {
                await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
                return;
            }
            await WriteAsync(context, 200, asset.ContentType, Resource(asset.Resource)).ConfigureAwait(false);
            return;
        }
        if (route == "/login")
        {
            await LoginAsync(context).ConfigureAwait(false);
            return;
        }
        var session = Authorize(context.Request);
        if (route == "/")
        {
            if (method is not ("GET" or "HEAD"))
            {
                await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
                return;
            }
            // Refused without the token: the login page carries no data, only a form that asks for it.
            await WriteAsync(context, session is null ? 401 : 200, "text/html; charset=utf-8", Resource(session is null ? "login.html" : "index.html")).ConfigureAwait(false);
            return;
        }
        if (session is null)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"DeepLead fake admin\"";
            await ErrorAsync(context, 401, "Missing or invalid admin token: log in at " + Prefix + "/ or send 'Authorization: Bearer <token>'").ConfigureAwait(false);
            return;
        }
        if (!route.StartsWith("/api/", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, $"Not found: {method} {path}").ConfigureAwait(false);
            return;
        }
        if (method == "POST")
        {
            // A cross-site form cannot set a header, and a cross-site script cannot read the key to set it.
            var key = context.Request.Headers[ChangeKeyHeader];
            if (session.ChangeKey is { } expected && (key.Count != 1 || !FixedEquals(key[0], expected)))
            {
                await ErrorAsync(context, 403, $"A change needs the page's change key in the {ChangeKeyHeader} header (GET {Prefix}/api/session)").ConfigureAwait(false);
                return;
            }
            await PostAsync(context, source, route[4..]).ConfigureAwait(false);
            return;
        }
        if (method is not ("GET" or "HEAD"))
        {
            await MethodNotAllowedAsync(context, "GET, POST").ConfigureAwait(false);
            return;
        }
        await GetAsync(context, source, session, route[4..]).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context, InspectorSource source, Session session, string route)
    {
        switch (route)
        {
            case "/session":
                await JsonAsync(context, 200, InspectorJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("changeKey", session.ChangeKey ?? "");
                    json.WriteBoolean("tokenRequired", _token is not null);
                    json.WriteNumber("batchIntervalMs", BatchInterval.TotalMilliseconds);
                    if (source.Admin.InspectorView is { } view)
                    {
                        json.WriteString("hostView", view.Title);
                    }
                    json.WriteEndObject();
                })).ConfigureAwait(false);
                return;
            case "/calls":
                // The position first: a call added meanwhile comes again on the stream, and the page keeps one of each.
                var position = source.World.Journal.Position;
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteCalls(json, source.Journal.Calls, position))).ConfigureAwait(false);
                return;
            case "/events":
                await EventsAsync(context, source, _stopping.Token).ConfigureAwait(false);
                return;
            case "/state":
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteState(json, source.World))).ConfigureAwait(false);
                return;
            case "/coverage":
                var (kept, dropped) = source.World.Journal.SnapshotWithDropped();
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteCoverage(json, kept, dropped, source.Journal.Capacity, source.World))).ConfigureAwait(false);
                return;
            case "/rules":
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteRules(json, source.World.Primary.Rules.Usage()))).ConfigureAwait(false);
                return;
            case "/scenario":
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteScenario(json, source.ScenarioNames(), source.Admin, _canLoadScenarios))).ConfigureAwait(false);
                return;
            case "/host":
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteHostView(json, source.Admin))).ConfigureAwait(false);
                return;
            case "/report":
                await JsonAsync(context, 200, InspectorReport.Data(source)).ConfigureAwait(false);
                return;
        }
        if (route.StartsWith("/calls/", StringComparison.Ordinal)
            && long.TryParse(route.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            var call = source.Journal.Calls.FirstOrDefault(c => c.Sequence == sequence);
            if (call is null)
            {
                await ErrorAsync(context, 404, $"Call {sequence} is not in the journal (it keeps the last {source.Journal.Capacity})").ConfigureAwait(false);
                return;
            }
            await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteDetail(json, call))).ConfigureAwait(false);
            return;
        }
        await ErrorAsync(context, 404, $"Not found: GET {Prefix}/api{route}").ConfigureAwait(false);
    }

    /// <summary>Server-sent events: a batch of new calls at most every <see cref="BatchInterval"/>, while the page is open.</summary>
    private static async Task EventsAsync(HttpContext context, InspectorSource source, CancellationToken stopping)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var aborted = linked.Token;
        var journal = source.World.Journal;
        var position = context.Request.Query.TryGetValue("since", out var since)
            && long.TryParse(since[0], NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : journal.Position;
        await response.WriteAsync("retry: 1000\n: connected\n\n", aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        using var timer = new PeriodicTimer(BatchInterval);
        var quietTicks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(aborted).ConfigureAwait(false))
            {
                if (journal.Position == position)
                {
                    // A comment now and then, so a proxy or the browser notices a dead connection.
                    if (++quietTicks % 60 == 0)
                    {
                        await response.WriteAsync(": idle\n\n", aborted).ConfigureAwait(false);
                        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    }
                    continue;
                }
                quietTicks = 0;
                var (calls, next, skipped) = journal.Since(position, MaxBatch);
                position = next;
                var data = InspectorJson.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("position", next);
                    json.WriteNumber("skipped", skipped);
                    json.WriteStartArray("calls");
                    foreach (var call in calls)
                    {
                        InspectorJson.WriteRow(json, call);
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                await response.WriteAsync("event: calls\ndata: ", aborted).ConfigureAwait(false);
                await response.Body.WriteAsync(data, aborted).ConfigureAwait(false);
                await response.WriteAsync("\n\n", aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away: the stream ends, and with it every read of the journal.
        }
    }

    private async Task PostAsync(HttpContext context, InspectorSource source, string route)
    {
        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }
        switch (route)
        {
            case "/rules":
                IReadOnlyList<FakeRule> rules;
                try
                {
                    rules = DeepLeadFakeAdmin.ParseRules(body);
                }
                catch (ScenarioException exception)
                {
                    await ErrorAsync(context, 400, "Invalid rule", [new(exception.JsonPath ?? "$", exception.Message)]).ConfigureAwait(false);
                    return;
                }
                await MutateAsync(() =>
                {
                    foreach (var rule in rules)
                    {
                        source.World.Primary.Rules.Add(rule);
                    }
                }).ConfigureAwait(false);
                await JsonAsync(context, 201, InspectorJson.Write(json => InspectorJson.WriteRules(json, source.World.Primary.Rules.Usage()))).ConfigureAwait(false);
                return;
            case "/rules/remove":
                if (ReadObject(body, "position", "name") is not { } remove
                    || !remove.TryGetValue("position", out var positionValue) || positionValue.ValueKind != JsonValueKind.Number || !positionValue.TryGetInt32(out var position)
                    || !remove.TryGetValue("name", out var nameValue) || nameValue.ValueKind != JsonValueKind.String)
                {
                    await ErrorAsync(context, 400, "Invalid body", [new("$", "expected {\"position\": <number>, \"name\": \"<the rule's name>\"}")]).ConfigureAwait(false);
                    return;
                }
                var removed = false;
                await MutateAsync(() => removed = source.World.Primary.Rules.Remove(position, nameValue.GetString()!)).ConfigureAwait(false);
                if (!removed)
                {
                    await ErrorAsync(context, 409, "The rules changed since the page read them; reload the list").ConfigureAwait(false);
                    return;
                }
                await JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteRules(json, source.World.Primary.Rules.Usage()))).ConfigureAwait(false);
                return;
            case "/scenario/load" when !_canLoadScenarios:
                await ErrorAsync(context, 409, "This host keeps the scenario layers itself: load scenarios with its admin API (PUT or POST /__admin/deeplead/scenarios)").ConfigureAwait(false);
                return;
            case "/scenario/load":
                var name = context.Request.Query.TryGetValue("name", out var given) && !string.IsNullOrWhiteSpace(given[0]) ? given[0]! : "scenario from the inspector";
                try
                {
                    DeepLeadFakeAdmin.CheckRuntimeScenario(body, name);
                    await MutateAsync(() => source.Admin.Reload([ScenarioSource.Stream(new MemoryStream(body, writable: false), name)])).ConfigureAwait(false);
                }
                catch (ScenarioException exception)
                {
                    await ErrorAsync(context, 400, "Invalid scenario", [new(exception.JsonPath ?? "$", exception.Message)]).ConfigureAwait(false);
                    return;
                }
                await ScenarioAsync(context, source).ConfigureAwait(false);
                return;
            case "/scenario/reset":
                await MutateAsync(() => source.World.Reset()).ConfigureAwait(false);
                await ScenarioAsync(context, source).ConfigureAwait(false);
                return;
            case "/clock":
                await ClockAsync(context, source, body).ConfigureAwait(false);
                return;
        }
        await ErrorAsync(context, 404, $"Not found: POST {Prefix}/api{route}").ConfigureAwait(false);
    }

    /// <summary><c>{"now": "2024-01-16T00:00:00Z"}</c> sets the clock, <c>{"advanceSeconds": 86400}</c> moves it (as the stub's admin API).</summary>
    private async Task ClockAsync(HttpContext context, InspectorSource source, byte[] body)
    {
        var admin = source.Admin;
        if (!admin.CanSetClock)
        {
            await ErrorAsync(context, 409, "The fake runs on a TimeProvider of its own; drive that one instead").ConfigureAwait(false);
            return;
        }
        var change = ReadObject(body, "now", "advanceSeconds");
        if (change is { Count: 1 } && change.TryGetValue("now", out var nowValue))
        {
            if (nowValue.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(nowValue.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now)
                || now.Year is < 2000 or > 9000)
            {
                await ErrorAsync(context, 400, "Invalid clock", [new("now", "must be a date-time such as 2024-01-16T00:00:00Z (years 2000 to 9000)")]).ConfigureAwait(false);
                return;
            }
            await MutateAsync(() => admin.SetClock(now)).ConfigureAwait(false);
        }
        else if (change is { Count: 1 } && change.TryGetValue("advanceSeconds", out var secondsValue))
        {
            if (secondsValue.ValueKind != JsonValueKind.Number || !secondsValue.TryGetInt64(out var seconds) || Math.Abs(seconds) > 10L * 366 * 86400)
            {
                await ErrorAsync(context, 400, "Invalid clock", [new("advanceSeconds", "must be a whole number of seconds within ten years")]).ConfigureAwait(false);
                return;
            }
            await MutateAsync(() => admin.AdvanceClock(TimeSpan.FromSeconds(seconds))).ConfigureAwait(false);
        }
        else
        {
            await ErrorAsync(context, 400, "Invalid clock", [new("$", "send {\"now\": \"<date-time>\"} or {\"advanceSeconds\": <seconds>}")]).ConfigureAwait(false);
            return;
        }
        await ScenarioAsync(context, source).ConfigureAwait(false);
    }

    private Task ScenarioAsync(HttpContext context, InspectorSource source) =>
        JsonAsync(context, 200, InspectorJson.Write(json => InspectorJson.WriteScenario(json, source.ScenarioNames(), source.Admin, _canLoadScenarios)));

    /// <summary>The object's properties when the body is a JSON object with no others than <paramref name="allowed"/>.</summary>
    private static Dictionary<string, JsonElement>? ReadObject(byte[] body, params string[] allowed)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal) || !result.TryAdd(property.Name, property.Value.Clone()))
                {
                    return null;
                }
            }
            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task MutateAsync(Action change)
    {
        await _mutation.WaitAsync().ConfigureAwait(false);
        try
        {
            change();
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>POST with <c>Authorization: Bearer &lt;token&gt;</c>: a session cookie the script cannot read, for this path only.</summary>
    private async Task LoginAsync(HttpContext context)
    {
        if (context.Request.Method != "POST")
        {
            await MethodNotAllowedAsync(context, "POST").ConfigureAwait(false);
            return;
        }
        if (_token is null)
        {
            context.Response.StatusCode = 204;
            return;
        }
        if (!HasToken(context.Request))
        {
            await ErrorAsync(context, 401, "Wrong admin token").ConfigureAwait(false);
            return;
        }
        if (_sessions.Count >= MaxSessions)
        {
            _sessions.Clear();
        }
        var id = NewSecret();
        _sessions[id] = NewSecret();
        context.Response.Headers.SetCookie = $"{CookieName}={id}; Path={Prefix}/; HttpOnly; SameSite=Strict";
        context.Response.StatusCode = 204;
    }

    private sealed record Session(string? ChangeKey);

    /// <summary>The caller's session, or null when the token is required and neither it nor a session cookie came.</summary>
    private Session? Authorize(HttpRequest request)
    {
        if (_token is null)
        {
            return new Session(_openChangeKey);
        }
        if (HasToken(request))
        {
            // A script of the user's that has the token sends it on every call: no change key needed.
            return new Session(null);
        }
        return request.Cookies.TryGetValue(CookieName, out var id) && id is not null && _sessions.TryGetValue(id, out var key)
            ? new Session(key)
            : null;
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        return header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value["Bearer ".Length..].Trim()), _token);
    }

    private static bool FixedEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await ErrorAsync(context, 413, $"The body is larger than the limit of {MaxBodyBytes} bytes").ConfigureAwait(false);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            await ErrorAsync(context, 400, "The body is empty: send JSON").ConfigureAwait(false);
            return null;
        }
        return buffer.ToArray();
    }

    private static readonly ConcurrentDictionary<string, byte[]> ResourceCache = new(StringComparer.Ordinal);

    /// <summary>A file of the page, embedded in the assembly.</summary>
    public static byte[] Resource(string name) => ResourceCache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(InspectorPage).Assembly.GetManifestResourceStream("DeepLead.Fakes.Inspector." + n)
            ?? throw new InvalidOperationException($"The inspector's {n} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static string ResourceText(string name) => Encoding.UTF8.GetString(Resource(name));

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return ErrorAsync(context, 405, $"Method not allowed: {context.Request.Method} {context.Request.Path.Value}; allowed: {allow}");
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, IReadOnlyList<KeyValuePair<string, string>>? details = null) =>
        JsonAsync(context, status, InspectorJson.Error(message, details));

    private static Task JsonAsync(HttpContext context, int status, byte[] body) =>
        WriteAsync(context, status, "application/json; charset=utf-8", body);

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (context.Request.Method != "HEAD")
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

/// <summary>What the inspector reads and changes: the fake behind the admin seam, its journal, its scenarios' names.</summary>
internal sealed class InspectorSource(IAdministeredFake fake, DeepLeadFakeAdmin admin, FakeJournal journal)
{
    public FakeWorld World => fake.World;
    public DeepLeadFakeAdmin Admin { get; } = admin;
    public FakeJournal Journal { get; } = journal;
    public IReadOnlyList<string> ScenarioNames() => fake.ScenarioNames;
}
