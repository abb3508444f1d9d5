using System.Collections;
using System.Globalization;
using System.Text;

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

    /// <remarks>
    /// Written piece by piece (UTF-8 literals copied, ASCII text narrowed): an interpolated <c>Utf8.TryWrite</c> transcoded
    /// every literal on every call, and this runs once per request. The string form (<see cref="ToString()"/>) is the
    /// reference; a test holds the two together.
    /// </remarks>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var tenths = Tenths;
        var at = 0;
        var done = Text(utf8Destination, ref at, method) && Bytes(utf8Destination, ref at, " "u8) && Text(utf8Destination, ref at, path)
            && Bytes(utf8Destination, ref at, " -> "u8) && Text(utf8Destination, ref at, status) && Bytes(utf8Destination, ref at, " in "u8)
            && Number(utf8Destination, ref at, tenths / 10) && Bytes(utf8Destination, ref at, "."u8) && Number(utf8Destination, ref at, Math.Abs(tenths % 10))
            && Bytes(utf8Destination, ref at, " ms"u8)
            && (forcedBy is null || (Bytes(utf8Destination, ref at, " (forced by "u8) && Text(utf8Destination, ref at, forcedBy) && Bytes(utf8Destination, ref at, ")"u8)))
            && (tenant is null || (Bytes(utf8Destination, ref at, " ["u8) && Text(utf8Destination, ref at, tenant) && Bytes(utf8Destination, ref at, "]"u8)));
        bytesWritten = done ? at : 0;
        return done;
    }

    private static bool Bytes(Span<byte> destination, ref int at, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(destination[at..]))
        {
            return false;
        }
        at += bytes.Length;
        return true;
    }

    private static bool Text(Span<byte> destination, ref int at, string text)
    {
        // Paths and names are ASCII nearly always; anything else is encoded as UTF-8.
        var status = Ascii.FromUtf16(text, destination[at..], out var written);
        if (status == System.Buffers.OperationStatus.Done)
        {
            at += written;
            return true;
        }
        if (status == System.Buffers.OperationStatus.DestinationTooSmall || !Encoding.UTF8.TryGetBytes(text, destination[at..], out written))
        {
            return false;
        }
        at += written;
        return true;
    }

    private static bool Number(Span<byte> destination, ref int at, long value)
    {
        if (!value.TryFormat(destination[at..], out var written, default, CultureInfo.InvariantCulture))
        {
            return false;
        }
        at += written;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();
}
