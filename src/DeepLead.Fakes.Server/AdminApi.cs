using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepLead.Fakes.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rendering;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The stub's own HTTP surface, a middleware ahead of WireMock.Net's: the admin API under <c>/__admin/deeplead</c>,
/// the admin token on every <c>/__admin</c> call (ours and WireMock.Net's), <c>GET /openapi.json</c>, and the log line
/// of every request the core does not log itself (the core logs <c>/api/v1</c>). It never answers under <c>/api/v1</c>.
/// </summary>
internal sealed class AdminApi
{
    public const string AdminRoot = "/__admin";
    public const string Prefix = "/__admin/deeplead";
    public const string OpenApiPath = "/openapi.json";
    /// <summary>The inspector's exact paths (any other spelling is an admin path like the rest: token, then 404).</summary>
    public const string InspectorPrefix = "/__admin/deeplead/ui";
    private const string ApiPrefix = "/api/v1";

    /// <summary>A scenario or rules upload is refused beyond this size (as the engine refuses a scenario stream).</summary>
    private const int MaxUploadBytes = 64 * 1024 * 1024;

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>A rule upload is a few hundred bytes; a megabyte is plenty for a long array of them.</summary>
    private const int MaxRuleBytes = 1024 * 1024;

    /// <summary>The admin routes: for each, the methods it answers and the query parameters each method takes.</summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> Routes = new(StringComparer.Ordinal)
    {
        ["/state"] = new() { ["GET"] = [] },
        ["/reset"] = new() { ["POST"] = [] },
        ["/journal"] = new() { ["GET"] = ["since"], ["DELETE"] = [] },
        ["/rules"] = new() { ["GET"] = [], ["POST"] = [], ["DELETE"] = [] },
        ["/scenarios"] = new() { ["GET"] = [], ["PUT"] = ["name"], ["POST"] = ["name"], ["DELETE"] = [] },
        ["/clock"] = new() { ["GET"] = [], ["PUT"] = [], ["POST"] = [] },
        ["/verify"] = new() { ["POST"] = [] },
    };

    /// <summary>A clock body is one small JSON object.</summary>
    private const int MaxClockBytes = 4 * 1024;

    private readonly byte[]? _token;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _mutation = new(1, 1);
    private readonly IReadOnlyList<ScenarioLayer> _startLayers;
    private volatile IReadOnlyList<ScenarioLayer> _layers;
    private int _uploads;
    private DeepLeadFake? _fake;
    /// <summary>Built on first request: rendering the document is tens of milliseconds the stub's start need not wait for.</summary>
    private Lazy<byte[]>? _openApi;

    public AdminApi(string? adminToken, IReadOnlyList<ScenarioLayer> startLayers, ILogger logger)
    {
        _token = adminToken is null ? null : Encoding.UTF8.GetBytes(adminToken);
        _startLayers = startLayers;
        _layers = startLayers;
        _logger = logger;
    }

    /// <summary>Installs the middleware; called by WireMock.Net while it builds its pipeline.</summary>
    public void Configure(IApplicationBuilder app) => app.Use(next => context => InvokeAsync(context, next));

    /// <summary>Starts answering: until then admin calls get 503 (the port opens a moment before the fake is handed back).</summary>
    public void Attach(DeepLeadFake fake)
    {
        var baseAddress = fake.BaseAddress;
        _openApi = new Lazy<byte[]>(() => OpenApiFor(baseAddress), LazyThreadSafetyMode.ExecutionAndPublication);
        Volatile.Write(ref _fake, fake);
    }

    private Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("{Method} {Path} started", request.Method, path);
        }
        // The API's calls pass straight through, with no step of their own: they are nearly all the traffic.
        return path == ApiPrefix || path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal)
            ? next(context)
            : AnswerAsync(context, next, path);
    }

    private async Task AnswerAsync(HttpContext context, RequestDelegate next, string path)
    {
        var request = context.Request;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await DispatchAsync(context, next, path).ConfigureAwait(false);
        }
        finally
        {
            // An answer of the core (a path outside /api/v1 answered 404 with a hint) carries its call number and was logged there.
            // The inspector page reads its views several times a second while open: its requests are logged at Debug.
            var level = path.StartsWith(InspectorPrefix, StringComparison.Ordinal) ? LogLevel.Debug : LogLevel.Information;
            if (_logger.IsEnabled(level) && !context.Response.Headers.ContainsKey("X-DeepLead-Fake-Call"))
            {
                _logger.Log(
                    level,
                    "{Method} {Path} -> {Status} in {Milliseconds:0.0} ms",
                    request.Method,
                    path,
                    context.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private async Task DispatchAsync(HttpContext context, RequestDelegate next, string path)
    {
        var method = context.Request.Method;
        if (path == OpenApiPath)
        {
            if (method is not ("GET" or "HEAD"))
            {
                await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
                return;
            }
            if (Volatile.Read(ref _fake) is null)
            {
                await ErrorAsync(context, 503, "The fake is starting; try again in a moment").ConfigureAwait(false);
                return;
            }
            await WriteAsync(context, 200, _openApi!.Value).ConfigureAwait(false);
            return;
        }
        if (path == InspectorPrefix || path.StartsWith(InspectorPrefix + "/", StringComparison.Ordinal))
        {
            // The inspector page (the engine serves it next in the pipeline) checks the same token itself, from a
            // header or its session cookie: a browser cannot send a bearer header with a page request.
            if (Volatile.Read(ref _fake) is null)
            {
                await ErrorAsync(context, 503, "The fake is starting; try again in a moment").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
            return;
        }
        // Case-insensitive, so that no spelling of the path slips past the token to a case-insensitive matcher.
        if (!path.StartsWith(AdminRoot, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!IsAuthorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"DeepLead fake admin\"";
            await ErrorAsync(context, 401, "Missing or invalid admin token: send 'Authorization: Bearer <token>'").ConfigureAwait(false);
            return;
        }
        if (path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            if (Volatile.Read(ref _fake) is not { } fake)
            {
                await ErrorAsync(context, 503, "The fake is starting; try again in a moment").ConfigureAwait(false);
                return;
            }
            await HandleAsync(context, fake, path[Prefix.Length..]).ConfigureAwait(false);
            return;
        }
        if (RemovesTheApi(method, path))
        {
            await ErrorAsync(context, 409,
                $"{method} {path} would delete the mapping that serves {ApiPrefix} and leave the fake answering 404; "
                + $"use POST {Prefix}/reset to reset the fake, or delete your own mappings one by one (DELETE {AdminRoot}/mappings/{{guid}})").ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>WireMock.Net's bulk deletes remove every mapping that is not its own, the fake's catch-all included.</summary>
    private static bool RemovesTheApi(string method, string path) =>
        (method == "POST" && Is(path, "/__admin/mappings/reset")) || (method == "DELETE" && Is(path, "/__admin/mappings"));

    private static bool Is(string path, string expected) =>
        string.Equals(path.TrimEnd('/'), expected, StringComparison.OrdinalIgnoreCase);

    private bool IsAuthorized(HttpRequest request)
    {
        if (_token is null)
        {
            return true;
        }
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value["Bearer ".Length..].Trim()), _token);
    }

    private async Task HandleAsync(HttpContext context, DeepLeadFake fake, string route)
    {
        var method = context.Request.Method;
        var query = context.Request.Query;
        if (AdminExplainVerify.ExplainSequence(route) is { } sequence)
        {
            await ExplainAsync(context, fake, sequence).ConfigureAwait(false);
            return;
        }
        if (!Routes.TryGetValue(route, out var methods))
        {
            await ErrorAsync(context, 404, $"Not found: {method} {Prefix}{route} (see docs/admin-api.md)").ConfigureAwait(false);
            return;
        }
        if (!methods.TryGetValue(method, out var parameters))
        {
            await MethodNotAllowedAsync(context, string.Join(", ", methods.Keys)).ConfigureAwait(false);
            return;
        }
        var problems = query
            .Where(q => !parameters.Contains(q.Key, StringComparer.Ordinal) || q.Value.Count != 1)
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => new AdminJson.FieldProblem(q.Key, parameters.Contains(q.Key, StringComparer.Ordinal) ? "must be given once" : "is not a parameter of this endpoint"))
            .ToList();
        if (problems.Count > 0)
        {
            await ErrorAsync(context, 400, AdminJson.ValidationFailed, problems).ConfigureAwait(false);
            return;
        }

        switch (route, method)
        {
            case ("/state", _):
                await WriteAsync(context, 200, AdminJson.State(fake, _layers)).ConfigureAwait(false);
                break;
            case ("/reset", _):
                await MutateAsync(() => fake.Reset()).ConfigureAwait(false);
                context.Response.StatusCode = 204;
                break;
            case ("/journal", "GET"):
                long since = 0;
                if (query.TryGetValue("since", out var sinceText)
                    && !(long.TryParse(sinceText[0], NumberStyles.None, CultureInfo.InvariantCulture, out since)))
                {
                    await ErrorAsync(context, 400, AdminJson.ValidationFailed, [new AdminJson.FieldProblem("since", "must be a call's sequence number (0 or more)")]).ConfigureAwait(false);
                    return;
                }
                await WriteAsync(context, 200, AdminJson.Journal(fake, since)).ConfigureAwait(false);
                break;
            case ("/journal", _):
                fake.Journal.Clear();
                context.Response.StatusCode = 204;
                break;
            case ("/rules", "GET"):
                await WriteAsync(context, 200, AdminJson.Rules(fake)).ConfigureAwait(false);
                break;
            case ("/rules", "POST"):
                await AddRulesAsync(context, fake).ConfigureAwait(false);
                break;
            case ("/rules", _):
                await MutateAsync(fake.Admin.ClearRules).ConfigureAwait(false);
                context.Response.StatusCode = 204;
                break;
            case ("/scenarios", "GET"):
                await WriteAsync(context, 200, AdminJson.Scenarios(_layers)).ConfigureAwait(false);
                break;
            case ("/scenarios", "DELETE"):
                await LoadAsync(context, fake, _startLayers).ConfigureAwait(false);
                break;
            case ("/scenarios", _):
                await UploadScenarioAsync(context, fake, replace: method == "PUT").ConfigureAwait(false);
                break;
            case ("/clock", _):
                await ClockAsync(context, fake, method).ConfigureAwait(false);
                break;
            case ("/verify", _):
                if (await ReadBodyAsync(context, AdminExplainVerify.MaxVerifyBytes).ConfigureAwait(false) is { } verification)
                {
                    var answer = AdminExplainVerify.Verify(fake, verification);
                    await WriteAsync(context, answer.Status, answer.Body).ConfigureAwait(false);
                }
                break;
        }
    }

    /// <summary><c>GET /journal/{sequence}/explain</c>, JSON or (<c>?format=text</c>) the readable lines.</summary>
    private static async Task ExplainAsync(HttpContext context, DeepLeadFake fake, string sequence)
    {
        if (context.Request.Method is not ("GET" or "HEAD"))
        {
            await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
            return;
        }
        var query = context.Request.Query;
        if (query.Any(q => q.Key != "format" || q.Value.Count != 1))
        {
            var problem = query.First(q => q.Key != "format" || q.Value.Count != 1);
            await ErrorAsync(context, 400, AdminJson.ValidationFailed, [new AdminJson.FieldProblem(problem.Key, problem.Key == "format" ? "must be given once" : "is not a parameter of this endpoint")]).ConfigureAwait(false);
            return;
        }
        var answer = AdminExplainVerify.Explain(fake, sequence, query.TryGetValue("format", out var format) ? format[0] : null);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        if (context.Request.Method != "HEAD")
        {
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// GET reads the fake's clock; PUT <c>{"now": "2024-01-16T00:00:00Z"}</c> sets it; POST <c>{"advanceSeconds": 86400}</c>
    /// moves it, so a CI run can cross midnight (auto-created pool names) or close a rate-limit window. Loading scenarios
    /// starts again from their clock.
    /// </summary>
    private async Task ClockAsync(HttpContext context, DeepLeadFake fake, string method)
    {
        var admin = fake.Admin;
        if (!admin.CanSetClock)
        {
            await ErrorAsync(context, 409, "The fake runs on a TimeProvider of its own; drive that one instead").ConfigureAwait(false);
            return;
        }
        if (method != "GET")
        {
            if (await ReadBodyAsync(context, MaxClockBytes).ConfigureAwait(false) is not { } body)
            {
                return;
            }
            var field = method == "PUT" ? "now" : "advanceSeconds";
            var problem = ReadClockChange(body, field, out var now, out var seconds);
            if (problem is not null)
            {
                await ErrorAsync(context, 400, AdminJson.ValidationFailed, [new AdminJson.FieldProblem(field, problem)]).ConfigureAwait(false);
                return;
            }
            await MutateAsync(() =>
            {
                if (method == "PUT")
                {
                    admin.SetClock(now);
                }
                else
                {
                    admin.AdvanceClock(TimeSpan.FromSeconds(seconds));
                }
            }).ConfigureAwait(false);
            _logger.LogInformation("Clock now {Now}", fake.Admin.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("now", admin.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        await WriteAsync(context, 200, buffer.WrittenSpan.ToArray()).ConfigureAwait(false);
    }

    /// <summary>Null when the body is <c>{"now": "&lt;RFC 3339&gt;"}</c> or <c>{"advanceSeconds": &lt;integer&gt;}</c> (the one <paramref name="field"/> names).</summary>
    private static string? ReadClockChange(byte[] body, string field, out DateTimeOffset now, out long seconds)
    {
        now = default;
        seconds = 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "the body must be a JSON object";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name != field) || !root.TryGetProperty(field, out var value))
            {
                return $"is required, and the only property of the body";
            }
            if (field == "now")
            {
                return value.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now)
                    && now.Year is >= 2000 and <= 9000
                    ? null
                    : "must be a date-time such as 2024-01-16T00:00:00Z (years 2000 to 9000)";
            }
            // Ten years either way is plenty for a test and keeps the clock far from DateTimeOffset's limits.
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out seconds) && Math.Abs(seconds) <= 10L * 366 * 86400
                ? null
                : "must be a whole number of seconds within ten years";
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

    private async Task UploadScenarioAsync(HttpContext context, DeepLeadFake fake, bool replace)
    {
        if (await ReadBodyAsync(context, MaxUploadBytes).ConfigureAwait(false) is not { } body)
        {
            return;
        }
        var name = context.Request.Query.TryGetValue("name", out var given) && !string.IsNullOrWhiteSpace(given[0])
            ? given[0]!
            : $"uploaded scenario {Interlocked.Increment(ref _uploads)}";
        try
        {
            DeepLeadFakeAdmin.CheckRuntimeScenario(body, name);
        }
        catch (ScenarioException exception)
        {
            await InvalidScenarioAsync(context, exception).ConfigureAwait(false);
            return;
        }
        await _mutation.WaitAsync().ConfigureAwait(false);
        try
        {
            var layer = new ScenarioLayer(name, body, FromStart: false);
            await LoadLockedAsync(context, fake, replace ? [layer] : [.. _layers, layer]).ConfigureAwait(false);
        }
        finally
        {
            _mutation.Release();
        }
    }

    private async Task LoadAsync(HttpContext context, DeepLeadFake fake, IReadOnlyList<ScenarioLayer> layers)
    {
        await _mutation.WaitAsync().ConfigureAwait(false);
        try
        {
            await LoadLockedAsync(context, fake, layers).ConfigureAwait(false);
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Rebuilds the state from these layers; on any problem the state stays as it was.</summary>
    private async Task LoadLockedAsync(HttpContext context, DeepLeadFake fake, IReadOnlyList<ScenarioLayer> layers)
    {
        try
        {
            fake.Admin.Reload(layers.Select(l => l.ToSource()));
        }
        catch (ScenarioException exception)
        {
            await InvalidScenarioAsync(context, exception).ConfigureAwait(false);
            return;
        }
        _layers = layers;
        _logger.LogInformation("Scenarios now: {Layers}", string.Join(" + ", layers.Select(l => l.Name)));
        await WriteAsync(context, 200, AdminJson.Scenarios(layers)).ConfigureAwait(false);
    }

    private static Task InvalidScenarioAsync(HttpContext context, ScenarioException exception) =>
        ErrorAsync(context, 400, "Invalid scenario", [new AdminJson.FieldProblem(exception.JsonPath ?? "$", exception.Message)]);

    private async Task AddRulesAsync(HttpContext context, DeepLeadFake fake)
    {
        if (await ReadBodyAsync(context, MaxRuleBytes).ConfigureAwait(false) is not { } body)
        {
            return;
        }
        IReadOnlyList<FakeRule> rules;
        try
        {
            rules = DeepLeadFakeAdmin.ParseRules(body);
        }
        catch (ScenarioException exception)
        {
            await ErrorAsync(context, 400, "Invalid rule", [new AdminJson.FieldProblem(exception.JsonPath ?? "$", exception.Message)]).ConfigureAwait(false);
            return;
        }
        await MutateAsync(() =>
        {
            foreach (var rule in rules)
            {
                fake.AddRule(rule);
            }
        }).ConfigureAwait(false);
        await WriteAsync(context, 201, AdminJson.Rules(fake)).ConfigureAwait(false);
    }

    /// <summary>The body, or null after answering 400 (empty) or 413 (over the limit).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    await ErrorAsync(context, 413, $"The body is larger than the limit of {maxBytes} bytes").ConfigureAwait(false);
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (buffer.Length == 0)
        {
            await ErrorAsync(context, 400, "The body is empty: send JSON").ConfigureAwait(false);
            return null;
        }
        return buffer.ToArray();
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return ErrorAsync(context, 405, $"Method not allowed: {context.Request.Method} {context.Request.Path.Value}; allowed: {allow}");
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, IReadOnlyList<AdminJson.FieldProblem>? details = null) =>
        WriteAsync(context, status, AdminJson.Error(message, details));

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = body.Length;
        if (context.Request.Method != "HEAD")
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The contract document with <c>servers</c> pointing at this stub instead of the real service, so that a tool
    /// driven by it (a client generator, a contract tester) talks to the fake and never to production by accident.
    /// </summary>
    private static byte[] OpenApiFor(Uri baseAddress)
    {
        var document = JsonNode.Parse(DeepLeadOpenApi.Json)!.AsObject();
        document["servers"] = new JsonArray(new JsonObject
        {
            ["url"] = baseAddress.AbsoluteUri.TrimEnd('/'),
            ["description"] = "This DeepLead fake (the real API is https://app.deeplead.com/api/v1)",
        });
        return JsonSerializer.SerializeToUtf8Bytes(document, AdminJson.IndentedOptions);
    }
}
