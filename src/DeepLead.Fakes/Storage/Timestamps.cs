namespace DeepLead.Fakes.Storage;

/// <summary>Stored times are cut to the precision the API shows, so a stored time and its rendering agree.</summary>
internal static class Timestamps
{
    public static DateTimeOffset Truncate(DateTimeOffset value, TimestampPrecision precision)
    {
        var unit = precision == TimestampPrecision.Milliseconds ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
        return new DateTimeOffset(value.UtcTicks - (value.UtcTicks % unit), TimeSpan.Zero);
    }
}
