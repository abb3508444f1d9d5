using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Outcomes;

/// <summary>
/// What the fake decided to answer, typed, before any JSON exists. Endpoints and rules produce outcomes; the renderer
/// is the only place they become bytes, and the journal, coverage and log read them instead of response bodies.
/// </summary>
internal abstract record ApiOutcome
{
    /// <summary>The HTTP status the answer will carry.</summary>
    public abstract int Status { get; }
}

/// <summary><c>GET /pools</c>: every pool in list order, with its live inbox count.</summary>
internal sealed record PoolList(IReadOnlyList<PoolEntry> Pools) : ApiOutcome
{
    public override int Status => 200;
}

internal readonly record struct PoolEntry(PoolRecord Pool, int InboxCount);

/// <summary>One page of <c>GET /inboxes</c> and the filters that chose it.</summary>
internal sealed record InboxPage(FakeInbox[] Items, long Total, int Limit, long Skip, bool FilteredByPool, bool FilteredByStatus) : ApiOutcome
{
    public override int Status => 200;

    public bool HasMore => Skip < Total - Items.Length;
}

/// <summary>How one create item ended.</summary>
internal enum CreateItemKind
{
    Created,
    Invalid,
    PoolNotFound,
    EmailExists,
    ConnectionTestFailed,

    /// <summary>Failed by a <c>failItem</c> rule.</summary>
    Forced,
}

/// <summary>One item of a <c>POST /inboxes</c>: the inbox it created, or why it failed.</summary>
/// <param name="EmailAddress">The item's address as given, or null when it had none.</param>
/// <param name="Status">The status a single-object request with this item answers with (200 when created).</param>
internal sealed record CreateItemOutcome(CreateItemKind Kind, string? EmailAddress, int Status)
{
    public FakeInbox? Inbox { get; init; }

    /// <summary>Fields the fake filled in for a created item (a provider's hosts and ports, say).</summary>
    public IReadOnlyList<string> AutoFilledFields { get; init; } = [];

    /// <summary>A failed item's error, as a batch result shows it.</summary>
    public string? Error { get; init; }

    /// <summary>What was invalid, field by field (invalid items only).</summary>
    public IReadOnlyList<FieldError>? Details { get; init; }

    /// <summary>The rule that failed this item, if one did.</summary>
    public string? ForcedBy { get; init; }

    public bool IsCreated => Kind == CreateItemKind.Created;

    /// <summary>The <c>error</c> of this item's answer to a single-object request: invalid input says "Validation failed" and lists details.</summary>
    public string SingleAnswerError => Details is { Count: > 0 } ? ApiError.ValidationFailed : Error!;

    public const string ConnectionTestPrefix = "Connection test failed: ";

    public static CreateItemOutcome Invalid(string? emailAddress, IReadOnlyList<FieldError> details) =>
        new(CreateItemKind.Invalid, emailAddress, 400)
        {
            Error = string.Join("; ", details.Select(d => d.Field.Length == 0 ? d.Message : $"{d.Field} {d.Message}")),
            Details = details,
        };

    public static CreateItemOutcome PoolNotFound(string? emailAddress) => new(CreateItemKind.PoolNotFound, emailAddress, 404) { Error = "Pool not found" };

    public static CreateItemOutcome EmailExists(string? emailAddress) => new(CreateItemKind.EmailExists, emailAddress, 409) { Error = "Email already exists" };

    public static CreateItemOutcome ConnectionTestFailed(string? emailAddress, string message, string ruleName) =>
        new(CreateItemKind.ConnectionTestFailed, emailAddress, 400) { Error = ConnectionTestPrefix + message, ForcedBy = ruleName };

    public static CreateItemOutcome Forced(string? emailAddress, int status, string? error, string ruleName) =>
        new(CreateItemKind.Forced, emailAddress, status) { Error = error ?? ApiError.DefaultMessage(status), ForcedBy = ruleName };
}

/// <summary>
/// <c>POST /inboxes</c> as the endpoint decided it: a batch answers 200 with every item's result; a single object
/// answers like its one item (200 created, else that item's error).
/// </summary>
/// <param name="IgnoredFields">What the fake ignored or read leniently in the body, as warnings.</param>
internal sealed record CreateResult(bool IsBatch, IReadOnlyList<CreateItemOutcome> Items, PoolRecord? AutoCreatedPool, IReadOnlyList<string> IgnoredFields) : ApiOutcome
{
    /// <summary>A failed single object answers 200 with the batch envelope (<c>singleCreateAnswer: batchEnvelope</c>) instead of its status.</summary>
    public bool SingleAsEnvelope { get; init; }

    /// <summary>The status of a batch in which every item failed (<c>failedBatchStatus</c>): 200, 207 or 400.</summary>
    public int AllFailedStatus { get; init; } = 200;

    /// <summary>Whether the answer is the batch envelope (else the failed single item's error shape).</summary>
    public bool IsEnvelope => IsBatch ? AllFailedStatus != 400 || CreatedCount > 0 : SingleAsEnvelope || Items[0].IsCreated;

    public override int Status => IsBatch
        ? CreatedCount == 0 ? AllFailedStatus : 200
        : SingleAsEnvelope ? 200 : Items[0].Status;

    public int CreatedCount => Items.Count(i => i.IsCreated);

    /// <summary>The first rule that failed an item: the answer names it in its rule header.</summary>
    public string? ForcedBy => Items.Select(i => i.ForcedBy).FirstOrDefault(name => name is not null);
}

/// <summary>An answer in the documented error shape: <c>{"error": "...", "details": [...]}</c>.</summary>
internal sealed record ApiError(int StatusCode, string Message, IReadOnlyList<FieldError>? Details = null) : ApiOutcome
{
    public const string ValidationFailed = "Validation failed";

    public override int Status => StatusCode;

    /// <summary>Headers the answer carries beyond the fake's own (<c>Retry-After</c>, say).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static ApiError BadRequest(IReadOnlyList<FieldError> details) => new(400, ValidationFailed, details);

    public static ApiError BadRequest(string field, string message) => BadRequest([new FieldError(field, message)]);

    public static string DefaultMessage(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Email already exists",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => $"Error {status}",
    };
}

/// <summary>A rule's answer: its JSON as written, or the documented error shape with its message.</summary>
internal sealed record ForcedAnswer(int StatusCode, string? BodyJson, string? Error, IReadOnlyDictionary<string, string>? Headers) : ApiOutcome
{
    public override int Status => StatusCode;

    /// <summary>The message an error-shaped answer shows (null when the rule gave a body of its own).</summary>
    public string? ErrorMessage => BodyJson is null ? Error ?? ApiError.DefaultMessage(StatusCode) : null;
}

/// <summary>A rule's broken connection instead of an answer.</summary>
internal sealed record ForcedFault(FakeFault Fault) : ApiOutcome
{
    // A fault sends no status line; 200 is what the journal has always recorded for it.
    public override int Status => 200;
}
