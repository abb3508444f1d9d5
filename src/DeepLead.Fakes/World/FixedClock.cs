namespace DeepLead.Fakes.World;

/// <summary>A clock that always says the scenario's "now", so creation times and pool names are reproducible.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
