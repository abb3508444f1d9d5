namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// A scenario's <c>generate</c> block as the file spells it (<c>inboxes</c> for <see cref="DataGeneration.TotalInboxes"/>,
/// the daily sending limit as one <c>{min, max}</c> range), read by System.Text.Json and mapped to the
/// <see cref="DataGeneration"/> code options use, so the block and code are one model. Reading checks the shape; what
/// no single value can say (a negative count, an unknown status) is <c>DataGenerator</c>'s, for code and files alike.
/// </summary>
internal sealed record GenerateFile
{
    public int? Pools { get; init; }
    public int? InboxesPerPool { get; init; }
    public int? Inboxes { get; init; }
    public Dictionary<string, double>? Statuses { get; init; }
    public Dictionary<string, double>? Providers { get; init; }
    public RangeFile? DailySendingLimit { get; init; }

    public DataGeneration ToGeneration()
    {
        var generation = new DataGeneration { Pools = Pools ?? 0, InboxesPerPool = InboxesPerPool, TotalInboxes = Inboxes, Statuses = Statuses, Providers = Providers };
        return DailySendingLimit is { } range ? generation with { MinDailySendingLimit = range.Min, MaxDailySendingLimit = range.Max } : generation;
    }

    /// <summary>The block as a file has it, the range always given.</summary>
    public static GenerateFile From(DataGeneration generation) => new()
    {
        Pools = generation.Pools,
        InboxesPerPool = generation.InboxesPerPool,
        Inboxes = generation.TotalInboxes,
        Statuses = generation.Statuses?.ToDictionary(),
        Providers = generation.Providers?.ToDictionary(),
        DailySendingLimit = new RangeFile { Min = generation.MinDailySendingLimit, Max = generation.MaxDailySendingLimit },
    };
}

/// <summary><c>{min, max}</c>, both required.</summary>
internal sealed record RangeFile
{
    public required int Min { get; init; }
    public required int Max { get; init; }
}
