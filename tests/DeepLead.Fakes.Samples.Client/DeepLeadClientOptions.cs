namespace DeepLead.Fakes.Samples.Client;

public sealed class DeepLeadClientOptions
{
    /// <summary>Attempts per call when the API answers 500 (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The page size used to walk the inbox list.</summary>
    public int PageSize { get; init; } = 100;
}
