
namespace DeepLead.Fakes.World;

/// <summary>Documented defaults that a test may need to change, and the switchable readings of what the documentation leaves open.</summary>
internal sealed record ApiSettings
{
    /// <summary>The largest batch; <see cref="int.MaxValue"/> for none (the documentation sets no batch limit).</summary>
    public int MaxBatchSize { get; init; } = 100;
    public int DefaultLimit { get; init; } = 100;
    public int MaxLimit { get; init; } = 1000;

    /// <summary>Large enough for a full batch of verbose items; anything bigger is refused before parsing.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>What transports read of a body at most, before any world exists to ask (no scenario changes it).</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    public FakeLeniency UnknownFields { get; init; }
    public FakeLeniency UnknownQueryParameters { get; init; }
    public FakeLeniency EmptyQueryValues { get; init; }
    public AutoFilledFieldsVariant AutoFilledFields { get; init; }
    public TimestampPrecision TimestampPrecision { get; init; }
    public EmailUniqueness EmailUniqueness { get; init; }
    public UnknownPoolFilter UnknownPoolFilter { get; init; }

    /// <summary>How long each create item's IMAP/SMTP test takes (none by default); drawn from the seed per item.</summary>
    public (int MinMs, int MaxMs) ConnectionTestDelay { get; init; }

    /// <summary>At most this many calls per window and account, then 429 with Retry-After; null for no limit (the default).</summary>
    public RateLimit? RateLimit { get; init; }

    public ProviderCatalog Providers { get; init; } = ProviderCatalog.Documented;

    /// <summary>The world's seed: drawn connection-test delays repeat from run to run.</summary>
    public int Seed { get; init; }
}

/// <summary>A fixed-window rate limit: beyond the documentation, which mentions none. Only calls with a valid key count.</summary>
internal sealed record RateLimit(int Calls, int WindowSeconds, RateLimitScope Per = RateLimitScope.Key);

/// <summary>What a rate limit counts calls against (scenario <c>settings.rateLimit.per</c>).</summary>
internal enum RateLimitScope
{
    /// <summary>Each key its own budget (the default): a key's calls never use up another's.</summary>
    Key,

    /// <summary>Every key of the account shares one budget.</summary>
    Account,
}
