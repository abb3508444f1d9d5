namespace DeepLead.Fakes.Storage;

/// <summary>What makes two inboxes "the same address" under each <see cref="EmailUniqueness"/> reading.</summary>
internal static class EmailKeys
{
    public static StringComparer Comparer(EmailUniqueness uniqueness) =>
        uniqueness == EmailUniqueness.AccountCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The address, prefixed by its pool when uniqueness is per pool (a pool id never contains '/'; null is a new pool).</summary>
    public static string Of(EmailUniqueness uniqueness, string? poolId, string emailAddress) =>
        uniqueness == EmailUniqueness.Pool ? (poolId ?? string.Empty) + "/" + emailAddress : emailAddress;
}
