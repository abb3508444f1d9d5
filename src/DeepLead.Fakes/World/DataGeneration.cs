namespace DeepLead.Fakes;

/// <summary>
/// Realistic bulk data, generated with Bogus from the seed: the same settings and seed give the same data and ids.
/// The scenario file's <c>generate</c> block, in C#: files are read into this type.
/// </summary>
public sealed record DataGeneration
{
    /// <summary>Pools to generate. With none, generated inboxes go into the pools defined so far.</summary>
    public int Pools { get; init; }

    /// <summary>Inboxes in each target pool (exclusive with <see cref="TotalInboxes"/>).</summary>
    public int? InboxesPerPool { get; init; }

    /// <summary>Inboxes in all, spread round-robin over the target pools.</summary>
    public int? TotalInboxes { get; init; }

    /// <summary>Relative weights by status name (<c>active</c>, <c>paused</c>, <c>deactivated</c>, <c>error</c>); all active by default.</summary>
    public IReadOnlyDictionary<string, double>? Statuses { get; init; }

    /// <summary>Relative weights by provider name, plus <c>custom</c> for custom domains.</summary>
    public IReadOnlyDictionary<string, double>? Providers { get; init; }

    /// <summary>The lowest daily sending limit drawn (a scenario's <c>dailySendingLimit.min</c>). Default 10.</summary>
    public int MinDailySendingLimit { get; init; } = 10;

    /// <summary>The highest daily sending limit drawn (a scenario's <c>dailySendingLimit.max</c>). Default 100.</summary>
    public int MaxDailySendingLimit { get; init; } = 100;
}
