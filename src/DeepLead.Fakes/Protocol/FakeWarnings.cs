using System.Text;

namespace DeepLead.Fakes.Protocol;

/// <summary>
/// What the fake ignored in a request, said the same way in the response header, the journal and the log.
/// Each warning is printable ASCII without commas, so the header stays a valid comma-separated list.
/// </summary>
internal static class FakeWarnings
{
    /// <summary>The response header listing what was ignored, one entry per ignored name.</summary>
    public const string Header = "X-DeepLead-Fake-Warning";

    /// <summary>Names are cut here, and at most this many warnings are listed: the header must stay well under clients' limits.</summary>
    private const int MaxNameLength = 64;
    private const int MaxWarnings = 20;

    public static string UnknownField(string name) => $"ignored body field \"{Escape(name)}\" (not documented)";

    public static string UnknownQueryParameter(string name) => $"ignored query parameter \"{Escape(name)}\" (not a parameter of this endpoint)";

    public static string EmptyQueryValue(string name) => $"ignored query parameter \"{Escape(name)}\" (empty value)";

    public static string NearMissField(string name, string documented) => $"ignored body field \"{Escape(name)}\" (not documented; did you mean \"{documented}\"?)";

    public static string NearMissQueryParameter(string name, string documented) => $"ignored query parameter \"{Escape(name)}\" (not a parameter of this endpoint; did you mean \"{documented}\"?)";

    public static string NullField(string name) => $"body field \"{name}\" is null (read as not given)";

    public static string DuplicateKey(string name) => $"body field \"{Escape(name)}\" given more than once (the last value is read)";

    public static string RepeatedQueryParameter(string name) => $"query parameter \"{name}\" given more than once (the last value is read)";

    public static string LimitClamped(int max) => $"query parameter \"limit\" above {max} (read as {max})";

    public static string ProviderCase(string given, string value) => $"provider \"{Escape(given)}\" read as \"{value}\" (the documented values are lowercase)";

    public static string ProviderWhitespace(string given, string value) => $"provider \"{Escape(given)}\" read as \"{value}\" (surrounding white space trimmed)";

    /// <summary>The message a near-miss name is refused with.</summary>
    public static string DidYouMean(string documented) => $"did you mean '{documented}'?";

    /// <summary>The header value: the warnings joined, with a count of any beyond the cap.</summary>
    public static string HeaderValue(IReadOnlyList<string> warnings) =>
        warnings.Count <= MaxWarnings
            ? string.Join(", ", warnings)
            : string.Join(", ", warnings.Take(MaxWarnings)) + $", and {warnings.Count - MaxWarnings} more ignored names";

    /// <summary>Printable ASCII only: anything else, and the characters that delimit a warning, percent-encoded as UTF-8.</summary>
    private static string Escape(string name)
    {
        var cut = name.Length > MaxNameLength;
        var text = new StringBuilder(Math.Min(name.Length, MaxNameLength) + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in (cut ? name[..MaxNameLength] : name).EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and < 0x7F && rune.Value is not ('"' or ',' or '%' or '\\'))
            {
                text.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return cut ? text.Append("...").ToString() : text.ToString();
    }
}
