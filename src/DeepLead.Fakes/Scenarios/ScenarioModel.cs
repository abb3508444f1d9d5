using System.Text.Json.Serialization;

namespace DeepLead.Fakes.Scenarios;

/// <summary>A scenario file as written. Unknown properties are errors, so a typo never loads silently.</summary>
internal sealed record ScenarioModel
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? Clock { get; init; }
    public int? Seed { get; init; }
    public List<ScenarioApiKey>? ApiKeys { get; init; }
    public List<ScenarioPool>? Pools { get; init; }
    public List<ScenarioInbox>? Inboxes { get; init; }
    public ScenarioSettings? Settings { get; init; }
}

internal sealed record ScenarioApiKey
{
    public required string Key { get; init; }
    public List<string>? Permissions { get; init; }
}

internal sealed record ScenarioPool
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
}

internal sealed record ScenarioInbox
{
    public string? Id { get; init; }
    public required string EmailAddress { get; init; }
    public required string PoolId { get; init; }
    public InboxStatus? Status { get; init; }
    public int? DailySendingLimit { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? Provider { get; init; }
    public string? ImapHost { get; init; }
    public int? ImapPort { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public string? ImapUsername { get; init; }
    public string? SmtpUsername { get; init; }
}

internal sealed record ScenarioSettings
{
    public int? MaxBatchSize { get; init; }
    public int? DefaultLimit { get; init; }
    public int? MaxLimit { get; init; }
}
