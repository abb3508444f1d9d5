namespace DeepLead.Fakes.ClientGeneration.Tests.Support;

/// <summary>
/// What a test asks of a generated client. Each driver (Drivers/*.cs) implements it with one generator's own types and
/// is compiled together with that generator's output, so a test exercises the generated request builders, models and
/// error types, and sees only plain values here.
/// </summary>
public interface IClientDriver
{
    Task<IReadOnlyList<PoolView>> ListPoolsAsync(CancellationToken cancellationToken);

    Task<InboxPageView> ListInboxesAsync(string? poolId, string? status, int? limit, int? skip, CancellationToken cancellationToken);

    Task<CreateView> CreateAsync(InboxInput inbox, CancellationToken cancellationToken);

    Task<CreateView> CreateBatchAsync(IReadOnlyList<InboxInput> inboxes, CancellationToken cancellationToken);
}

public sealed record InboxInput(
    string EmailAddress,
    string ImapPassword,
    string? PoolId = null,
    string? Provider = null,
    string? ImapHost = null,
    int? ImapPort = null,
    string? SmtpHost = null,
    int? SmtpPort = null,
    int? DailySendingLimit = null);

public sealed record PoolView(string Id, string Name, int InboxCount, DateTimeOffset CreatedAt);

public sealed record InboxView(string Id, string EmailAddress, string PoolId, string Status, int DailySendingLimit, DateTimeOffset CreatedAt);

public sealed record InboxPageView(IReadOnlyList<InboxView> Inboxes, int Total, int Limit, int Skip, bool HasMore);

public sealed record ItemView(string? EmailAddress, bool Success, string? InboxId, IReadOnlyList<string> AutoFilledFields, string? Error);

public sealed record CreateView(bool Success, int Total, int Created, int Failed, string? AutoCreatedPoolId, IReadOnlyList<ItemView> Results);

/// <summary>An error answer as the generated client surfaced it (its own exception type, read back into plain values).</summary>
public sealed class GeneratedClientError(int status, string error, IReadOnlyList<string> detailFields, Exception inner)
    : Exception($"{status}: {error}", inner)
{
    public int Status { get; } = status;

    public string Error { get; } = error;

    public IReadOnlyList<string> DetailFields { get; } = detailFields;
}
