namespace DeepLead.Fakes;

/// <summary>An API key the fake accepts, with its permissions (every permission when none are named).</summary>
public sealed record FakeApiKey
{
    /// <param name="key">The key, as clients send it after <c>Bearer</c>.</param>
    /// <param name="permissions">Of <see cref="DeepLead.Fakes.Permissions"/>; null for every permission.</param>
    public FakeApiKey(string key, IReadOnlyList<string>? permissions = null) => (Key, Permissions) = (key, permissions);

    public string Key { get; }
    public IReadOnlyList<string>? Permissions { get; }
}

/// <summary>A pool in the fake's initial state.</summary>
public sealed record PoolDefinition
{
    /// <summary>24 hex characters; generated from the seed when omitted.</summary>
    public string? Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Defaults to the fake's clock.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>An inbox in the fake's initial state: the documented fields plus the stored-only settings.</summary>
public sealed record InboxDefinition
{
    /// <summary>24 hex characters; generated from the seed when omitted.</summary>
    public string? Id { get; init; }

    public required string EmailAddress { get; init; }

    public required string PoolId { get; init; }

    public InboxStatus Status { get; init; } = InboxStatus.Active;

    /// <summary>Defaults to 2, as a create that does not give it.</summary>
    public int DailySendingLimit { get; init; } = DefaultDailySendingLimit;

    /// <summary>The API's default (a create without <c>dailySendingLimit</c>), and so a definition's: one place for both.</summary>
    internal const int DefaultDailySendingLimit = 2;

    /// <summary>Defaults to the fake's clock.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public string? Provider { get; init; }
    public string? ImapHost { get; init; }
    public int? ImapPort { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public string? ImapUsername { get; init; }
    public string? SmtpUsername { get; init; }
}
