using System.Diagnostics;
using System.Globalization;
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
/// here unchanged, so the rules live in one place. Forced behaviour (rules) is decided first, then routing,
/// then authentication, then the endpoint.
/// </summary>
internal sealed class DeepLeadApi(ApiKeyRegistry keys, Account primary, ApiSettings settings, TimeProvider time, CallJournal journal, ILogger logger, CoverageTracker? coverage)
{
    public const string PathPrefix = "/api/v1";

    /// <summary>The header on every answer a rule forced, naming the rule.</summary>
    public const string ForcedByHeader = "X-DeepLead-Fake-Rule";

    /// <summary>Bodies up to this size are kept in the journal; larger ones (long pages) only by size, to bound memory.</summary>
    public const int JournalBodyBytes = 4 * 1024;

    private static readonly Dictionary<string, string> NoQuery = [];

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
        string? forcedBy = null;
        ApiResponse response;
        try
        {
            (response, forcedBy) = await DecideAsync(request, grant, account, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The documented 500 shape is the contract for any fault; the fault itself is not the caller's business.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("{Method} {Path} failed inside the fake: {Error}", request.Method, request.Path, exception.GetType().Name);
            response = ErrorResponses.Create(500, "Internal server error");
        }
        try
        {
            Record(request, response, account, forcedBy, sequence, Stopwatch.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // Recording is bookkeeping: it must never turn an answer into a fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError("Could not record {Method} {Path} in the journal: {Error}", request.Method, request.Path, exception.GetType().Name);
        }
        return response;
    }

    private void Record(ApiRequest request, ApiResponse response, Account account, string? forcedBy, long sequence, TimeSpan duration)
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
                ResponseBody = response.Fault is null && response.Body.Length <= JournalBodyBytes ? Encoding.UTF8.GetString(response.Body) : null,
                ForcedBy = forcedBy,
                Fault = response.Fault,
                Duration = duration,
                AccountTag = account,
                Tenant = account.Label,
            });
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
                "{Method} {Path} -> {Status} in {Milliseconds:0.0} ms{Forced}{Tenant}",
                request.Method,
                request.Path,
                response.Fault?.ToString() ?? response.StatusCode.ToString(CultureInfo.InvariantCulture),
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

    private async ValueTask<(ApiResponse Response, string? ForcedBy)> DecideAsync(ApiRequest request, ApiKeyGrant? grant, Account account, CancellationToken cancellationToken)
    {
        var queryOk = QueryString.TryParse(request.RawQuery, out var query, out var queryError);
        // Rules may parse the body once per request; the endpoint runs synchronously, so the parse is released here.
        using var context = account.Rules.IsEmpty ? null : new RuleContext(request, queryOk ? query : NoQuery);
        string? forcedBy = null;
        if (context is not null)
        {
            if (account.Rules.DecideRequest(context) is { } decision)
            {
                forcedBy = decision.RuleName;
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
                    return (forced with { Headers = headers }, forcedBy);
                }
            }
        }
        return (Route(request, grant, account, query, queryOk ? null : queryError, context), forcedBy);
    }

    private ApiResponse Route(ApiRequest request, ApiKeyGrant? grant, Account account, Dictionary<string, string> query, FieldError? queryError, RuleContext? context)
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
        if (queryError is { } badQuery)
        {
            return ErrorResponses.BadRequest([badQuery]);
        }

        var store = account.Store;
        return endpoint.Kind switch
        {
            EndpointKind.ListPools => ListPools.Handle(store, query),
            EndpointKind.ListInboxes => ListInboxes.Handle(store, query, settings),
            EndpointKind.CreateInboxes => query.Count > 0
                ? ErrorResponses.BadRequest(query.Keys.Select(k => new FieldError(k, "is not a parameter of this endpoint")).ToArray())
                : CreateInboxes.Handle(store, request, settings, time.GetUtcNow(), ItemRulesFor(account, context, request, query)),
            _ => ErrorResponses.Create(404, "Not found"),
        };
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

    private sealed record Endpoint(EndpointKind Kind, string Permission);

    private static readonly Endpoint PoolsList = new(EndpointKind.ListPools, Permissions.PoolsRead);
    private static readonly Endpoint InboxesList = new(EndpointKind.ListInboxes, Permissions.InboxesRead);
    private static readonly Endpoint InboxesCreate = new(EndpointKind.CreateInboxes, Permissions.InboxesWrite);

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
