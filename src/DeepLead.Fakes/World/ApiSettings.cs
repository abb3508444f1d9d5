
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

    /// <summary>A name one letter case, a <c>[]</c> or two edits from a documented one: 400 "did you mean" (default) or ignored with a warning.</summary>
    public FakeLeniency NearMissNames { get; init; } = FakeLeniency.Reject;

    /// <summary>A documented body field sent as <c>null</c>: read as not given with a warning (default) or 400.</summary>
    public FakeLeniency NullValues { get; init; }

    /// <summary>A JSON object with a key twice: the last value read, with a warning (default, as JavaScript) or 400.</summary>
    public FakeLeniency DuplicateKeys { get; init; }

    /// <summary>A documented query parameter given twice: 400 (default) or the last value read, with a warning.</summary>
    public FakeLeniency RepeatedQueryParameters { get; init; } = FakeLeniency.Reject;

    /// <summary><c>limit</c> above <see cref="MaxLimit"/>: 400 (default) or clamped to it, with a warning.</summary>
    public FakeLeniency LimitAboveMaximum { get; init; } = FakeLeniency.Reject;

    /// <summary><c>provider</c> in another letter case (<c>"Google"</c>): read with a warning (default) or 400.</summary>
    public FakeLeniency ProviderCase { get; init; }

    /// <summary><c>provider</c> with surrounding white space (<c>" google"</c>): 400 (default) or trimmed, with a warning.</summary>
    public FakeLeniency ProviderWhitespace { get; init; } = FakeLeniency.Reject;

    public SingleCreateAnswer SingleCreateAnswer { get; init; }
    public FailedBatchStatus FailedBatchStatus { get; init; }

    /// <summary>How long each create item's IMAP/SMTP test takes (none by default); drawn from the seed per item.</summary>
    public (int MinMs, int MaxMs) ConnectionTestDelay { get; init; }

    /// <summary>At most this many calls per window and key (or account), counted after auth, then 429 with Retry-After; null for no limit (the default).</summary>
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
