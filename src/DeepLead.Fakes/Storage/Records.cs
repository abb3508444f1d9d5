namespace DeepLead.Fakes.Storage;

/// <summary>The stored-only connection settings of an inbox (never in an API response).</summary>
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

/// <summary>An inbox. Immutable: the API has no update, so its representation is rendered once and kept here.</summary>
internal sealed class InboxRecord
{
    public InboxRecord(
        string id,
        string emailAddress,
        string poolId,
        InboxStatus status,
        int dailySendingLimit,
        DateTimeOffset createdAt,
        ConnectionSettings connection)
    {
        Id = id;
        EmailAddress = emailAddress;
        PoolId = poolId;
        Status = status;
        DailySendingLimit = dailySendingLimit;
        CreatedAt = createdAt;
        Connection = connection;
    }

    public string Id { get; }
    public string EmailAddress { get; }
    public string PoolId { get; }
    public InboxStatus Status { get; }
    public int DailySendingLimit { get; }
    public DateTimeOffset CreatedAt { get; }
    public ConnectionSettings Connection { get; }

    /// <summary>
    /// The inbox's API representation, kept for the renderer (which alone writes and reads it) so a page is a
    /// concatenation. Storage never looks inside; a race only renders the same bytes twice.
    /// </summary>
    public byte[]? Representation { get; set; }
}
