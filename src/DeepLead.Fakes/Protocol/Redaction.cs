namespace DeepLead.Fakes.Protocol;

/// <summary>How secrets appear anywhere the fake writes them: never in clear.</summary>
internal static class Redaction
{
    /// <summary>Enough of a key to tell keys apart in a log, never enough to use it: <c>dl_y…(20)</c>.</summary>
    public static string ApiKey(string key) =>
        key.Length <= 4 ? $"…({key.Length})" : $"{key[..4]}…({key.Length})";
}
