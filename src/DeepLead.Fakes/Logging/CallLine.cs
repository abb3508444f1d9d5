using System.Collections;
using System.Globalization;
using System.Text.Unicode;

namespace DeepLead.Fakes.Logging;

/// <summary>
/// The per-call log line (<c>GET /api/v1/pools -> 200 in 0.4 ms</c>) as a log state: structured loggers read its
/// values by name, as from a message template; a logger that writes UTF-8 (the stub's console) formats it straight into
/// its buffer through <see cref="IUtf8SpanFormattable"/>, with no string made. One line per request is on the stub's
/// hot path: formatting it as a string cost about 2 % of the stub's CPU under load. A struct, so a logger that formats it
/// through a constrained call (the stub's console does) keeps no object of it either.
/// </summary>
internal readonly struct CallLine(string method, string path, string status, double milliseconds, string? forcedBy, string? tenant)
    : IReadOnlyList<KeyValuePair<string, object?>>, IUtf8SpanFormattable
{
    public const string Template = "{Method} {Path} -> {Status} in {Milliseconds:0.0} ms{Forced}{Tenant}";

    /// <summary>The formatter <c>ILogger.Log</c> is given: the line as a string, for loggers that want one.</summary>
    public static readonly Func<CallLine, Exception?, string> Format = (line, _) => line.ToString();

    private string Forced => forcedBy is null ? string.Empty : $" (forced by {forcedBy})";

    private string Tenant => tenant is null ? string.Empty : $" [{tenant}]";

    public int Count => 7;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Method", method),
        1 => new("Path", path),
        2 => new("Status", status),
        3 => new("Milliseconds", milliseconds),
        4 => new("Forced", Forced),
        5 => new("Tenant", Tenant),
        6 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Tenths of a millisecond as two integers: formatting a double with "0.0" was most of the line's cost.
    private long Tenths => (long)Math.Round(milliseconds * 10, MidpointRounding.AwayFromZero);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{method} {path} -> {status} in {Tenths / 10}.{Math.Abs(Tenths % 10)} ms{Forced}{Tenant}");

    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture,
            $"{method} {path} -> {status} in {Tenths / 10}.{Math.Abs(Tenths % 10)} ms{(forcedBy is null ? "" : " (forced by ")}{forcedBy}{(forcedBy is null ? "" : ")")}{(tenant is null ? "" : " [")}{tenant}{(tenant is null ? "" : "]")}",
            out bytesWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();
}
