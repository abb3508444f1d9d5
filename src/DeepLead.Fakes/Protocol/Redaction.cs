namespace DeepLead.Fakes.Protocol;

/// <summary>How secrets appear anywhere the fake writes them: never in clear.</summary>
internal static class Redaction
{
    /// <summary>Enough of a key to tell keys apart in a log, never enough to use it: <c>dl_y…(20)</c>.</summary>
    public static string ApiKey(string key) => ApiKey(key.AsSpan());

    /// <inheritdoc cref="ApiKey(string)"/>
    public static string ApiKey(ReadOnlySpan<char> key)
    {
        // Every journal entry redacts its key, and a test run uses a handful of keys: the last one is kept.
        if (s_last is { } last && key.SequenceEqual(last.Key))
        {
            return last.Redacted;
        }
        var redacted = key.Length <= 4 ? $"…({key.Length})" : $"{key[..4]}…({key.Length})";
        s_last = new LastKey(key.ToString(), redacted);
        return redacted;
    }

    /// <summary>One reference, read and replaced whole, so threads never see a key with another key's redaction.</summary>
    private sealed record LastKey(string Key, string Redacted);

    private static LastKey? s_last;
}
