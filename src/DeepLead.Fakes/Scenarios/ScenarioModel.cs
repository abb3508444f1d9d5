using System.Text.Json;
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
    // The public definition types, as code options use them: one model per concept, whichever way it is written.
    public List<FakeApiKey>? ApiKeys { get; init; }
    public List<PoolDefinition>? Pools { get; init; }
    public List<InboxDefinition>? Inboxes { get; init; }
    public ScenarioSettings? Settings { get; init; }

    /// <summary>Providers beyond the documented seven (or replacing one of them, by value).</summary>
    public List<ScenarioProvider>? Providers { get; init; }
    /// <summary>Mapped to the <see cref="DataGeneration"/> code options use.</summary>
    public GenerateFile? Generate { get; init; }
    /// <summary>Mapped to the <see cref="FakeRule"/>s code options use (<see cref="RuleFormat"/>); null where the file has null.</summary>
    public List<RuleFile?>? Rules { get; init; }

    /// <summary>WireMock.Net mappings in its own JSON format, kept as written.</summary>
    public JsonElement? Wiremock { get; init; }
}

internal sealed record ScenarioSettings
{
    /// <summary>A positive integer, or null for no limit; a JSON element because null and absent mean different things.</summary>
    public JsonElement MaxBatchSize { get; init; }
    public int? DefaultLimit { get; init; }
    public int? MaxLimit { get; init; }
    public FakeLeniency? UnknownFields { get; init; }
    public FakeLeniency? UnknownQueryParameters { get; init; }
    public FakeLeniency? EmptyQueryValues { get; init; }
    public AutoFilledFieldsVariant? AutoFilledFields { get; init; }
    public TimestampPrecision? TimestampPrecision { get; init; }
    public EmailUniqueness? EmailUniqueness { get; init; }
    public UnknownPoolFilter? UnknownPoolFilter { get; init; }
    public FakeLeniency? NearMissNames { get; init; }
    public FakeLeniency? NullValues { get; init; }
    public FakeLeniency? DuplicateKeys { get; init; }
    public FakeLeniency? RepeatedQueryParameters { get; init; }
    public FakeLeniency? LimitAboveMaximum { get; init; }
    public FakeLeniency? ProviderCase { get; init; }
    public FakeLeniency? ProviderWhitespace { get; init; }
    public SingleCreateAnswer? SingleCreateAnswer { get; init; }
    public FailedBatchStatus? FailedBatchStatus { get; init; }
    public ScenarioDelay? ConnectionTestDelay { get; init; }
    public ScenarioRateLimit? RateLimit { get; init; }
}

internal sealed record ScenarioRateLimit
{
    public required int Calls { get; init; }
    public required int WindowSeconds { get; init; }

    /// <summary>Whose budget a call uses: its key's (the default) or its account's.</summary>
    public World.RateLimitScope? Per { get; init; }
}

internal sealed record ScenarioProvider
{
    public required string Value { get; init; }
    public required List<string> Domains { get; init; }
    public required string ImapHost { get; init; }
    public required int ImapPort { get; init; }
    public required string SmtpHost { get; init; }
    public required int SmtpPort { get; init; }
}

/// <summary><c>settings.connectionTestDelay</c>: <c>ms</c>, or a range (checked in <c>WorldBuilder.Layer</c>).</summary>
internal sealed record ScenarioDelay
{
    public int? Ms { get; init; }
    public int? MinMs { get; init; }
    public int? MaxMs { get; init; }
}
