namespace DeepLead.Fakes.World;

/// <summary>
/// The fake's clock when no <see cref="TimeProvider"/> is given: the scenario's (fixed or system) time plus an offset
/// the stub's admin API can set or advance, so a CI run can cross midnight. Timestamps move with it, so rate-limit
/// windows close when the clock is advanced past them.
/// </summary>
internal sealed class AdjustableClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        inner.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)inner.TimestampFrequency / TimeSpan.TicksPerSecond);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>From now on the clock reads <paramref name="now"/> (then runs on, if the scenario's clock runs).</summary>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - inner.GetUtcNow()).Ticks);

    /// <summary>Moves the clock forward (or back, for a negative span).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Back to the scenario's clock, as at start: a reset gives the same ids and pool names as a fresh fake.</summary>
    public void Restore() => Interlocked.Exchange(ref _offsetTicks, 0);
}
