namespace DeepLead.Fakes.Api;

/// <summary>Documented defaults that a test may need to change.</summary>
internal sealed record ApiSettings
{
    public int MaxBatchSize { get; init; } = 100;
    public int DefaultLimit { get; init; } = 100;
    public int MaxLimit { get; init; } = 1000;

    /// <summary>Large enough for a full batch of verbose items; anything bigger is refused before parsing.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Request bodies up to this size are kept (redacted) in the journal: a full batch fits.</summary>
    public const int MaxJournalRequestBytes = 64 * 1024;
}
