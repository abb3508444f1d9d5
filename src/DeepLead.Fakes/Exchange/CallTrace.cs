using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Outcomes;

/// <summary>The pipeline step that decided a call's status: what an explanation, the log and telemetry call <c>decidedBy</c>.</summary>
internal enum DecidedBy : byte
{
    Endpoint,
    Rule,
    Fault,
    RateLimit,
    Route,
    Auth,
    Permission,
    Query,
    Validation,
    NotFound,
    Conflict,
}

/// <summary>
/// What the pipeline learned on the way to an answer, kept with the journal entry so an explanation can be built
/// later, on demand, without parsing a body. References only (the rule, the settings, the error details and create
/// items all exist anyway), so keeping one per journal entry costs a few dozen bytes.
/// </summary>
internal sealed class CallTrace
{
    /// <summary>The rule that forced or delayed the call (set as soon as chosen, so an abandoned call is still attributed).</summary>
    public string? ForcedBy { get; set; }

    /// <summary>The rule (or rate limit) whose answer is sent instead of the API's.</summary>
    public string? AnsweredBy { get; set; }

    public IReadOnlyList<string> Warnings { get; set; } = [];

    /// <summary>The request-level rule that fired: its position (0-based), the rule, and its count left after firing.</summary>
    public int RuleIndex { get; set; } = -1;

    public FakeRule? Rule { get; set; }

    public int? RuleTimesLeft { get; set; }

    /// <summary>The documented operation the request names (<c>GET /inboxes</c>), null for an unknown route.</summary>
    public string? Operation { get; set; }

    /// <summary>True once routing ran (so a null <see cref="Operation"/> means an unknown route).</summary>
    public bool Routed { get; set; }

    /// <summary>Query errors of the call (the same list the endpoint adds to).</summary>
    public IReadOnlyList<FieldError>? QueryErrors { get; set; }

    /// <summary>The world's settings the call was answered under (an explanation names the ones it depended on).</summary>
    public World.ApiSettings? Settings { get; set; }

    public DecidedBy DecidedBy { get; private set; }

    /// <summary>The error answered with, or a create's items: what an explanation lists.</summary>
    public ApiOutcome? Outcome { get; private set; }

    /// <summary>The hint for an unknown route or method, as sent in <c>X-DeepLead-Fake-Hint</c>.</summary>
    public string? Hint { get; set; }

    public const string RateLimitName = "settings.rateLimit";

    /// <summary>Names the deciding step from the outcome and what was learned; keeps the outcome only when it is small (an error, a create).</summary>
    public void Complete(ApiOutcome? outcome, string method)
    {
        Outcome = outcome is ApiError or CreateResult or ForcedAnswer ? outcome : null;
        if (QueryErrors is { Count: 0 })
        {
            // Almost every call: the empty list need not be kept alive with the journal entry.
            QueryErrors = null;
        }
        if (outcome is ApiError { Headers: { } headers } && headers.TryGetValue(ApiPaths.HintHeader, out var hint))
        {
            Hint = hint;
        }
        DecidedBy = outcome switch
        {
            _ when AnsweredBy == RateLimitName => DecidedBy.RateLimit,
            ForcedFault => DecidedBy.Fault,
            _ when AnsweredBy is not null => DecidedBy.Rule,
            null => ForcedBy is not null ? DecidedBy.Rule : DecidedBy.Endpoint,
            ApiError { StatusCode: 500 } => DecidedBy.Endpoint,
            _ when Routed && Operation is null => DecidedBy.Route,
            ApiError { StatusCode: 401 } => DecidedBy.Auth,
            ApiError { StatusCode: 403 } => DecidedBy.Permission,
            ApiError { StatusCode: 400 } when QueryErrors is { Count: > 0 } => DecidedBy.Query,
            ApiError { StatusCode: 400 } => method == "GET" ? DecidedBy.Query : DecidedBy.Validation,
            ApiError { StatusCode: 404 } => DecidedBy.NotFound,
            ApiError { StatusCode: 409 } => DecidedBy.Conflict,
            CreateResult { IsBatch: false } create => create.Items[0].Kind switch
            {
                CreateItemKind.Invalid => DecidedBy.Validation,
                CreateItemKind.PoolNotFound => DecidedBy.NotFound,
                CreateItemKind.EmailExists => DecidedBy.Conflict,
                CreateItemKind.Forced or CreateItemKind.ConnectionTestFailed => DecidedBy.Rule,
                _ => DecidedBy.Endpoint,
            },
            _ => DecidedBy.Endpoint,
        };
    }

    /// <summary>
    /// An endpoint's own answer to a documented route with nothing else learned: all an explanation needs of it is the
    /// operation and the settings (<see cref="Plain"/> remakes it), so the journal keeps no trace object for it.
    /// </summary>
    public bool IsPlain =>
        Routed && Operation is not null && DecidedBy == DecidedBy.Endpoint && Outcome is null && ForcedBy is null && AnsweredBy is null
        && Warnings.Count == 0 && RuleIndex == -1 && Rule is null && RuleTimesLeft is null && QueryErrors is null && Hint is null;

    /// <summary>Back to a new trace's state: the pipeline reuses a plain call's trace, which no observer keeps.</summary>
    public void Reset()
    {
        ForcedBy = null;
        AnsweredBy = null;
        Warnings = [];
        RuleIndex = -1;
        Rule = null;
        RuleTimesLeft = null;
        Operation = null;
        Routed = false;
        QueryErrors = null;
        Settings = null;
        DecidedBy = default;
        Outcome = null;
        Hint = null;
    }

    /// <summary>The trace of a plain answer (<see cref="IsPlain"/>), remade.</summary>
    public static CallTrace Plain(string operation, World.ApiSettings? settings, string method)
    {
        var trace = new CallTrace { Operation = operation, Routed = true, Settings = settings };
        trace.Complete(null, method);
        return trace;
    }

    /// <summary>The wire name of a <see cref="Outcomes.DecidedBy"/> value.</summary>
    public static string Name(DecidedBy decidedBy) => decidedBy switch
    {
        DecidedBy.Endpoint => "endpoint",
        DecidedBy.Rule => "rule",
        DecidedBy.Fault => "fault",
        DecidedBy.RateLimit => "rateLimit",
        DecidedBy.Route => "route",
        DecidedBy.Auth => "auth",
        DecidedBy.Permission => "permission",
        DecidedBy.Query => "query",
        DecidedBy.Validation => "validation",
        DecidedBy.NotFound => "notFound",
        _ => "conflict",
    };
}
