namespace DeepLead.Fakes;

/// <summary>
/// Realistic bulk data, generated with Bogus from the seed: the same settings and seed give the same data and ids.
/// The scenario file's <c>generate</c> block, in C#.
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

    public int MinDailySendingLimit { get; init; } = DefaultMinDailySendingLimit;
    public int MaxDailySendingLimit { get; init; } = DefaultMaxDailySendingLimit;

    /// <summary>The one place of the range's default, for code and for a scenario's <c>generate</c> without <c>dailySendingLimit</c>.</summary>
    internal const int DefaultMinDailySendingLimit = 10;

    internal const int DefaultMaxDailySendingLimit = 100;
}
