namespace DeepLead.Fakes.Samples.Client;

public sealed record Pool(string Id, string Name, int InboxCount, DateTimeOffset CreatedAt);

public sealed record Inbox(string Id, string EmailAddress, string PoolId, string Status, int DailySendingLimit, DateTimeOffset CreatedAt);

public sealed record Pagination(int Total, int Limit, int Skip, bool HasMore);

public sealed record InboxPage(IReadOnlyList<Inbox> Inboxes, Pagination Pagination);

/// <summary>An inbox to create. Only the address and the IMAP password are required; the API fills in the rest.</summary>
public sealed record NewInbox
{
    public required string EmailAddress { get; init; }
    public required string ImapPassword { get; init; }
    public string? PoolId { get; init; }
    public string? Provider { get; init; }
    public string? SmtpPassword { get; init; }
    public string? ImapHost { get; init; }
    public int? ImapPort { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public int? DailySendingLimit { get; init; }
    public bool? SkipConnectionTest { get; init; }
}

public sealed record CreateSummary(int Total, int Created, int Failed);

public sealed record AutoCreatedPool(string Id, string Name);

public sealed record CreateItemResult(string? EmailAddress, bool Success, string? InboxId, string? Error, IReadOnlyList<string>? AutoFilledFields);

/// <summary>The answer to a create, single or batch: a batch answers 200 even when some items failed.</summary>
public sealed record CreateInboxesResult(bool Success, CreateSummary Summary, AutoCreatedPool? AutoCreatedPool, IReadOnlyList<CreateItemResult> Results)
{
    public IEnumerable<CreateItemResult> Failures => Results.Where(r => !r.Success);
}

public sealed record FieldError(string Field, string Message);

internal sealed record ErrorBody(string? Error, IReadOnlyList<FieldError>? Details);

internal sealed record PoolList(IReadOnlyList<Pool> Pools);
