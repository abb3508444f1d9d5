namespace DeepLead.Fakes.Storage;

/// <summary>
/// The stored-only connection settings of an inbox (never in an API response). A null username is the inbox's address
/// (<see cref="FakeInbox.ImapUsername"/>), so the inboxes of a scenario share one instance per provider's settings.
/// </summary>
internal sealed record ConnectionSettings(
    string? Provider,
    string? ImapHost,
    int? ImapPort,
    string? SmtpHost,
    int? SmtpPort,
    string? ImapUsername,
    string? SmtpUsername,
    string? ImapPasswordHash,
    string? SmtpPasswordHash,
    bool SkipConnectionTest)
{
    public static ConnectionSettings None { get; } = new(null, null, null, null, null, null, null, null, null, false);
}

/// <summary>A pool; its inbox count is kept by the store.</summary>
internal sealed record PoolRecord(string Id, string Name, DateTimeOffset CreatedAt);
