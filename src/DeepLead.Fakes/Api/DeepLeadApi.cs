using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using DeepLead.Fakes.Api.Inboxes;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Journal;
using Microsoft.Extensions.Logging;
using DeepLead.Fakes.Api.Pools;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Api;

/// <summary>
/// The documented API as plain C#: a request in, a status and a JSON body out. Every transport hands requests
/// here unchanged, so the rules live in one place. Forced behaviour (rules) is decided first, then a configured rate
/// limit, then routing, then authentication, then which query parameters are read or ignored, then the endpoint.
/// </summary>
internal sealed class DeepLeadApi(ApiKeyRegistry keys, Account primary, ApiSettings settings, TimeProvider time, CallJournal journal, ILogger logger, CoverageTracker? coverage)
{
    public const string PathPrefix = "/api/v1";

    /// <summary>The header on every answer a rule forced, naming the rule.</summary>
    public const string ForcedByHeader = "X-DeepLead-Fake-Rule";

    /// <summary>Bodies up to this size are kept in the journal; larger ones (long pages) only by size, to bound memory.</summary>
    public const int JournalBodyBytes = 4 * 1024;

    public ApiKeyRegistry Keys { get; } = keys;

    public CallJournal Journal { get; } = journal;

    public CoverageTracker? Coverage { get; } = coverage;

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var sequence = Journal.NextSequence();
        var grant = request.BearerKey is { } key ? Keys.Find(key) : null;
        // Unauthenticated calls meet the primary account's rules, so an outage scenario fails them too.
        var account = grant?.Account ?? primary;
        // Set as soon as a rule is chosen, so a call abandoned during its delay is still attributed to it.
        var forced = new StrongBox<string?>();
        ApiResponse response;
        try
        {
            response = await DecideAsync(request, grant, account, forced, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up (during a delay, say): journaled like any call, then the transport sees the cancellation.
            RecordSafely(request, AbandonedResponse, account, forced.Value, sequence, started, abandoned: true);
            throw;
        }
#pragma warning disable CA1031 // The documented 500 shape is the contract for any fault; the fault itself is not the caller's business.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("{Method} {Path} failed inside the fake: {Error}", request.Method, request.Path, exception.GetType().Name);
            response = ErrorResponses.Create(500, "Internal server error");
        }
        // An item rule's failure inside an answer the fake computed is named by the endpoint's header.
        var forcedBy = forced.Value ?? (response.Headers is { } headers && headers.TryGetValue(ForcedByHeader, out var rule) ? rule : null);
        RecordSafely(request, response, account, forcedBy, sequence, started);
        return response;
    }

    /// <summary>What the journal records for a call the client abandoned: no answer was sent.</summary>
    private static readonly ApiResponse AbandonedResponse = new(FakeCall.AbandonedStatus, []);

    private void RecordSafely(ApiRequest request, ApiResponse response, Account account, string? forcedBy, long sequence, long started, bool abandoned = false)
    {
        try
        {
            Record(request, response, account, forcedBy, sequence, Stopwatch.GetElapsedTime(started), abandoned);
        }
#pragma warning disable CA1031 // Recording is bookkeeping: it must never turn an answer into a fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("Could not record {Method} {Path} in the journal: {Error}", request.Method, request.Path, exception.GetType().Name);
        }
    }

    private void Record(ApiRequest request, ApiResponse response, Account account, string? forcedBy, long sequence, TimeSpan duration, bool abandoned)
    {
        Coverage?.Observe(request, response, response.Facts);
        var query = request.RawQuery is { Length: > 0 } q ? q.TrimStart('?') : string.Empty;
        if (Journal.Capacity > 0)
        {
            Journal.Add(new FakeCall
            {
                Sequence = sequence,
                Timestamp = SafeNow(),
                Method = request.Method,
                Path = request.Path,
                Query = query,
                ApiKey = request.BearerKey is { } key ? Redaction.ApiKey(key) : null,
                RequestBody = BodyRedaction.Redact(request.Body, ApiSettings.MaxJournalRequestBytes),
                Status = response.StatusCode,
                ResponseBody = response.Fault is null && !abandoned && response.Body.Length <= JournalBodyBytes ? Encoding.UTF8.GetString(response.Body) : null,
                ForcedBy = forcedBy,
                Abandoned = abandoned,
                CreateItems = abandoned ? [] : CreateItemsOf(request, response, forcedBy),
                Fault = response.Fault,
                Warnings = response.Warnings ?? [],
                Duration = duration,
                AccountTag = account.JournalTag,
                Tenant = account.Label,
            });
        }
        if (response.Warnings is { Count: > 0 } warnings && logger.IsEnabled(LogLevel.Warning))
        {
            // A name the fake ignored may be a typo production would also ignore silently: worth a look.
            logger.LogWarning("{Method} {Path}: {Warnings}", request.Method, request.Path, string.Join("; ", warnings));
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
                "{Method} {Path} -> {Status} in {Milliseconds:0.0} ms{Forced}{Tenant}",
                request.Method,
                request.Path,
                abandoned ? "abandoned by the client" : response.Fault?.ToString() ?? response.StatusCode.ToString(CultureInfo.InvariantCulture),
                duration.TotalMilliseconds,
                forcedBy is null ? string.Empty : $" (forced by {forcedBy})",
                account.Label is null ? string.Empty : $" [{account.Label}]");
        }
    }

    /// <summary>The journal must never turn an answer into a crash, even with a user's clock that throws.</summary>
    private DateTimeOffset SafeNow()
    {
        try
        {
            return time.GetUtcNow();
        }
#pragma warning disable CA1031 // A broken user clock must not break the response; the wall clock is a fine stand-in for a log.
        catch (Exception)
#pragma warning restore CA1031
        {
            return DateTimeOffset.UtcNow;
        }
    }

    /// <summary>
    /// The items of a create, typed: the endpoint's own when it ran; else, for an error answer to a create (a rule's,
    /// a rate limit's, a bad body's), the one failed item it stands for, as the journal has always counted it.
    /// </summary>
    private static IReadOnlyList<JournalCreateItem> CreateItemsOf(ApiRequest request, ApiResponse response, string? forcedBy)
    {
        if (response.CreateItems is { } items)
        {
            return items;
        }
        if (request.Method != "POST" || request.Path != PathPrefix + "/inboxes" || response.Fault is not null || response.StatusCode is 401 or 403)
        {
            return [];
        }
        return ErrorMessageOf(response) is { } message ? [JournalCreateItem.Failed(SingleEmailAddress(request.Body), message, response.StatusCode, forcedBy)] : [];
    }

    /// <summary>The fake's own error answers carry their message; a rule's answer is the user's JSON, read whole.</summary>
    private static string? ErrorMessageOf(ApiResponse response)
    {
        if (response.ErrorMessage is { } message)
        {
            return message;
        }
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SingleEmailAddress(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("emailAddress", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async ValueTask<ApiResponse> DecideAsync(ApiRequest request, ApiKeyGrant? grant, Account account, StrongBox<string?> forcedBy, CancellationToken cancellationToken)
    {
        var query = QueryString.Parse(request.RawQuery);
        // Rules may parse the body once per request; the endpoint runs inside this call, so the parse is released here.
        using var context = account.Rules.IsEmpty ? null : new RuleContext(request, query.Values);
        if (context is not null)
        {
            if (account.Rules.DecideRequest(context) is { } decision)
            {
                forcedBy.Value = decision.RuleName;
                if (decision.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(decision.Delay, time, cancellationToken).ConfigureAwait(false);
                }
                if (decision.Response is { } forced)
                {
                    // Marks an answer a rule forced, so a contract check can tell it from the fake's own answers.
                    var headers = new Dictionary<string, string>(forced.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
                    {
                        [ForcedByHeader] = decision.RuleName,
                    };
                    return forced with { Headers = headers };
                }
            }
        }
        if (settings.RateLimit is { } limit && account.RateWindow.Admit(limit, time) is { } retryAfter)
        {
            forcedBy.Value = RateLimitName;
            return RateLimited(limit, retryAfter);
        }
        return await RouteAsync(request, grant, account, query, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The name a rate-limited answer is marked with, in the rule header and the journal.</summary>
    public const string RateLimitName = "settings.rateLimit";

    private static ApiResponse RateLimited(RateLimit limit, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var message = $"Rate limit exceeded: at most {limit.Calls} calls per {limit.WindowSeconds} s; retry after {seconds} s";
        // Beyond the documentation (which names no rate limit), so marked like a rule's answer for contract checks.
        return ErrorResponses.Create(429, message) with
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture),
                [ForcedByHeader] = RateLimitName,
            },
        };
    }

    private async ValueTask<ApiResponse> RouteAsync(ApiRequest request, ApiKeyGrant? grant, Account account, QueryString.Parsed parsed, RuleContext? context, CancellationToken cancellationToken)
    {
        var endpoint = FindEndpoint(request.Method, request.Path);
        if (endpoint is null)
        {
            return ErrorResponses.Create(404, $"Not found: {request.Method} {request.Path}");
        }
        if (grant is null)
        {
            return Unauthorized(request.Authorization);
        }
        if (!grant.Allows(endpoint.Permission))
        {
            return ErrorResponses.Create(403, $"API key lacks required permission: {endpoint.Permission}");
        }

        var errors = new List<FieldError>();
        var warnings = new List<string>();
        var query = QueryPolicy.Apply(parsed, endpoint.Parameters, settings, errors, warnings);
        var store = account.Store;
        ApiResponse response;
        if (endpoint.Kind == EndpointKind.ListInboxes)
        {
            response = ListInboxes.Handle(store, query, settings, errors);
        }
        else if (errors.Count > 0)
        {
            response = ErrorResponses.BadRequest(errors);
        }
        else if (endpoint.Kind == EndpointKind.ListPools)
        {
            response = ListPools.Handle(store, settings);
        }
        else
        {
            response = await CreateInboxes.HandleAsync(
                store,
                request,
                settings,
                time,
                settings.ConnectionTestDelay.MaxMs > 0 ? items => ConnectionTestsAsync(items, cancellationToken) : null,
                ItemRulesFor(account, context, request, parsed.Values)).ConfigureAwait(false);
        }
        if (response.Warnings is { Count: > 0 } bodyWarnings)
        {
            warnings.AddRange(bodyWarnings);
        }
        if (warnings.Count == 0)
        {
            return response;
        }
        var withWarning = new Dictionary<string, string>(response.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            [FakeWarnings.Header] = FakeWarnings.HeaderValue(warnings),
        };
        return response with { Headers = withWarning, Warnings = warnings };
    }

    private readonly Random _delays = new(settings.Seed);

    /// <summary>Waits as long as <paramref name="items"/> connection tests take: each drawn from the configured range, seeded.</summary>
    private ValueTask ConnectionTestsAsync(int items, CancellationToken cancellationToken)
    {
        var (min, max) = settings.ConnectionTestDelay;
        long total = 0;
        lock (_delays)
        {
            for (var i = 0; i < items; i++)
            {
                total += _delays.Next(min, max + 1);
            }
        }
        return new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(total), time, cancellationToken));
    }

    private static CreateInboxes.ItemRules? ItemRulesFor(Account account, RuleContext? context, ApiRequest request, Dictionary<string, string> query)
    {
        if (account.Rules.IsEmpty)
        {
            return null;
        }
        var ruleContext = context ?? new RuleContext(request, query);
        return (item, skipConnectionTest) => account.Rules.DecideItem(ruleContext, item, skipConnectionTest);
    }

    private static ApiResponse Unauthorized(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return ErrorResponses.Create(401, "Missing API key: send 'Authorization: Bearer <key>'");
        }
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? ErrorResponses.Create(401, "Invalid API key")
            : ErrorResponses.Create(401, "Invalid authorization scheme: use 'Authorization: Bearer <key>'");
    }

    private enum EndpointKind
    {
        ListPools,
        ListInboxes,
        CreateInboxes,
    }

    /// <summary>An operation, the permission it needs and the query parameters the documentation gives it.</summary>
    private sealed record Endpoint(EndpointKind Kind, string Permission, IReadOnlySet<string> Parameters);

    private static readonly Endpoint PoolsList = new(EndpointKind.ListPools, Permissions.PoolsRead, new HashSet<string>());
    private static readonly Endpoint InboxesList = new(EndpointKind.ListInboxes, Permissions.InboxesRead, ListInboxes.Parameters);
    private static readonly Endpoint InboxesCreate = new(EndpointKind.CreateInboxes, Permissions.InboxesWrite, new HashSet<string>());

    private static Endpoint? FindEndpoint(string method, string path)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var route = path.AsSpan(PathPrefix.Length);
        if (route.SequenceEqual("/pools"))
        {
            return method == "GET" ? PoolsList : null;
        }
        if (route.SequenceEqual("/inboxes"))
        {
            return method switch
            {
                "GET" => InboxesList,
                "POST" => InboxesCreate,
                _ => null,
            };
        }
        return null;
    }
}
