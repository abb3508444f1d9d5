using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// An inbox of a scenario file as the fast reader found it: the fields of <see cref="InboxDefinition"/> without the
/// object (a million of them would all live until the world is built). Strings that repeat (pool ids, providers, hosts)
/// are one instance each.
/// </summary>
internal readonly record struct InboxRow(
    string? Id,
    string EmailAddress,
    string PoolId,
    InboxStatus Status,
    int DailySendingLimit,
    DateTimeOffset? CreatedAt,
    InboxRow.Extra? More)
{
    /// <summary>The rarely given connection fields, only for an inbox that has one.</summary>
    public sealed record Extra(string? Provider, string? ImapHost, int? ImapPort, string? SmtpHost, int? SmtpPort, string? ImapUsername, string? SmtpUsername);

    public string? Provider => More?.Provider;
    public string? ImapHost => More?.ImapHost;
    public int? ImapPort => More?.ImapPort;
    public string? SmtpHost => More?.SmtpHost;
    public int? SmtpPort => More?.SmtpPort;
    public string? ImapUsername => More?.ImapUsername;
    public string? SmtpUsername => More?.SmtpUsername;

    public static InboxRow From(InboxDefinition d) =>
        new(d.Id, d.EmailAddress, d.PoolId, d.Status, d.DailySendingLimit, d.CreatedAt,
            d.Provider is null && d.ImapHost is null && d.ImapPort is null && d.SmtpHost is null && d.SmtpPort is null && d.ImapUsername is null && d.SmtpUsername is null
                ? null
                : new Extra(d.Provider, d.ImapHost, d.ImapPort, d.SmtpHost, d.SmtpPort, d.ImapUsername, d.SmtpUsername));
}

/// <summary>
/// Reads a scenario's top-level <c>inboxes</c> array straight into <see cref="InboxRow"/>s, so a copy of a
/// million-inbox account loads without a million <see cref="InboxDefinition"/> objects. The array is scanned by hand,
/// not by <see cref="Utf8JsonReader"/>: its string search is generic code of the runtime that is not precompiled, and a
/// first large load spent most of its time in that code's unoptimized first version (docs/performance.md).
/// It accepts only what the strict reader (<see cref="ScenarioLoader.Options"/>) reads to the same values; anything
/// else (a wrong type, an unknown or repeated property, a missing required one, an escaped name, a status in another
/// case, a comment with other than ASCII in it) makes it give up, and the document is read the usual way, so every
/// error keeps its message, path and place.
/// </summary>
internal static class InboxArrayReader
{
    /// <summary>
    /// Where the top-level inboxes array starts, when there is one this reader is for (at least
    /// <paramref name="minArrayBytes"/> to the document's end). Null when there is none or the document does not start
    /// as an object.
    /// </summary>
    public static int? Start(ReadOnlySpan<byte> json, int minArrayBytes = MinArrayBytes) =>
        Find(json) is { } start && json.Length - start >= minArrayBytes ? start : null;

    /// <summary>
    /// The inboxes array that starts at <paramref name="start"/>, read: its rows and where it ends. Null when an inbox
    /// is not one this reader takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (List<InboxRow> Rows, int End)? Read(ReadOnlySpan<byte> json, int start)
    {
        var scan = new Scanner(json, start);
        var text = new Text();
        // A count from the size (a snapshot has 180 to 200 bytes an inbox) spares the list's regrowth.
        var rows = new List<InboxRow>(Math.Max(4, (json.Length - start) / 160));
        if (!scan.Take((byte)'['))
        {
            return null;
        }
        var closed = scan.Take((byte)']');
        while (!closed)
        {
            if (ReadInbox(ref scan, text) is not { } row)
            {
                return null;
            }
            rows.Add(row);
            // A ']' after a comma is a trailing comma, which the strict reader allows.
            if (scan.Take((byte)','))
            {
                closed = scan.Take((byte)']');
            }
            else if (!(closed = scan.Take((byte)']')))
            {
                return null;
            }
        }
        return (rows, scan.At);
    }

    /// <summary>
    /// Smaller arrays are read the usual way: the fast reader's loops are compiled fully optimized on first use (not
    /// tiered: a first large load is otherwise mostly slow code waiting for the JIT), which a small scenario, and the
    /// stub's start with the default one, should not pay for. About 1,400 inboxes of a snapshot.
    /// </summary>
    internal const int MinArrayBytes = 256 * 1024;

    /// <summary>How many top-level <c>inboxes</c> properties the document has (-1: it is not an object, or malformed).</summary>
    public static int CountInboxProperties(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return -1;
            }
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                count += reader.ValueTextEquals("inboxes"u8) ? 1 : 0;
                reader.Read();
                reader.Skip();
            }
            return count;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>Where the value of the first top-level <c>inboxes</c> property starts, when it is an array.</summary>
    private static int? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isInboxes = !reader.ValueIsEscaped && reader.ValueTextEquals("inboxes"u8);
                if (!reader.Read())
                {
                    return null;
                }
                if (isInboxes)
                {
                    return reader.TokenType == JsonTokenType.StartArray ? (int)reader.TokenStartIndex : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InboxRow? ReadInbox(ref Scanner scan, Text text)
    {
        string? id = null, email = null, poolId = null, provider = null, imapHost = null, smtpHost = null, imapUsername = null, smtpUsername = null;
        int? imapPort = null, smtpPort = null;
        var status = InboxStatus.Active;
        var limit = InboxDefinition.DefaultDailySendingLimit;
        DateTimeOffset? createdAt = null;
        var seen = 0;
        if (!scan.Take((byte)'{'))
        {
            return null;
        }
        var closed = scan.Take((byte)'}');
        while (!closed)
        {
            if (!scan.String(out var name, out var nameEscaped) || nameEscaped || Field(name[1..^1]) is var field && field < 0
                || (seen & (1 << field)) != 0 || !scan.Take((byte)':'))
            {
                return null;
            }
            seen |= 1 << field;
            var isNull = scan.Null();
            ReadOnlySpan<byte> quoted = default;
            var escaped = false;
            var number = 0;
            if (!isNull && !(field is 4 or 8 or 10 ? scan.Int32(out number) : scan.String(out quoted, out escaped)))
            {
                return null;
            }
            switch (field)
            {
                case 0 when isNull:
                    id = null;
                    break;
                case 0 when text.Own(quoted, escaped) is { } value:
                    id = value;
                    break;
                case 1 when !isNull && text.Own(quoted, escaped) is { } value:
                    email = value;
                    break;
                case 2 when !isNull && text.Shared(quoted, escaped) is { } value:
                    poolId = value;
                    break;
                case 3 when !isNull && !escaped:
                    var word = quoted[1..^1];
                    if (word.SequenceEqual("active"u8)) status = InboxStatus.Active;
                    else if (word.SequenceEqual("paused"u8)) status = InboxStatus.Paused;
                    else if (word.SequenceEqual("deactivated"u8)) status = InboxStatus.Deactivated;
                    else if (word.SequenceEqual("error"u8)) status = InboxStatus.Error;
                    else return null;
                    break;
                case 4 when !isNull:
                    limit = number;
                    break;
                case 5 when isNull:
                    createdAt = null;
                    break;
                case 5 when Text.Time(quoted) is { } time:
                    createdAt = time;
                    break;
                case 6 or 7 or 9 or 11 or 12:
                    string? shared = null;
                    if (!isNull && (shared = text.Shared(quoted, escaped)) is null)
                    {
                        return null;
                    }
                    _ = field switch
                    {
                        6 => provider = shared,
                        7 => imapHost = shared,
                        9 => smtpHost = shared,
                        11 => imapUsername = shared,
                        _ => smtpUsername = shared,
                    };
                    break;
                case 8 or 10:
                    int? port = isNull ? null : number;
                    _ = field == 8 ? imapPort = port : smtpPort = port;
                    break;
                default:
                    return null;
            }
            // A '}' after a comma is a trailing comma, which the strict reader allows.
            if (scan.Take((byte)','))
            {
                closed = scan.Take((byte)'}');
            }
            else if (!(closed = scan.Take((byte)'}')))
            {
                return null;
            }
        }
        if (email is null || poolId is null)
        {
            return null;
        }
        var more = provider is null && imapHost is null && imapPort is null && smtpHost is null && smtpPort is null && imapUsername is null && smtpUsername is null
            ? null
            : new InboxRow.Extra(provider, imapHost, imapPort, smtpHost, smtpPort, imapUsername, smtpUsername);
        return new InboxRow(id, email, poolId, status, limit, createdAt, more);
    }

    /// <summary>The property's number in <see cref="InboxDefinition"/>'s contract (camelCase, exact), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Field(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => 0,
            12 when name.SequenceEqual("emailAddress"u8) => 1,
            6 when name.SequenceEqual("poolId"u8) => 2,
            6 when name.SequenceEqual("status"u8) => 3,
            17 when name.SequenceEqual("dailySendingLimit"u8) => 4,
            9 when name.SequenceEqual("createdAt"u8) => 5,
            8 when name.SequenceEqual("provider"u8) => 6,
            8 when name.SequenceEqual("imapHost"u8) => 7,
            8 when name.SequenceEqual("imapPort"u8) => 8,
            8 when name.SequenceEqual("smtpHost"u8) => 9,
            8 when name.SequenceEqual("smtpPort"u8) => 10,
            12 when name.SequenceEqual("imapUsername"u8) => 11,
            12 when name.SequenceEqual("smtpUsername"u8) => 12,
            _ => -1,
        };

    /// <summary>
    /// JSON's tokens over the array's bytes, as the strict reader reads them (whitespace, comments, trailing commas).
    /// Each method skips what may come before a token and moves past the token only when it is there.
    /// </summary>
    private ref struct Scanner(ReadOnlySpan<byte> json, int at)
    {
        private readonly ReadOnlySpan<byte> _json = json;

        public int At { get; private set; } = at;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Take(byte token)
        {
            SkipSpace();
            if (At < _json.Length && _json[At] == token)
            {
                At++;
                return true;
            }
            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Null()
        {
            SkipSpace();
            if (!_json[At..].StartsWith("null"u8))
            {
                return false;
            }
            At += 4;
            return true;
        }

        /// <summary>A string with its quotes, and whether it has an escape (left in: <see cref="Text"/> reads it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool String(out ReadOnlySpan<byte> quoted, out bool escaped)
        {
            SkipSpace();
            quoted = default;
            escaped = false;
            if (At >= _json.Length || _json[At] != '"')
            {
                return false;
            }
            var i = At + 1;
            while (true)
            {
                i = NextSpecial(i);
                if (i >= _json.Length || _json[i] < 0x20)
                {
                    return false;
                }
                if (_json[i] == '"')
                {
                    quoted = _json[At..(i + 1)];
                    At = i + 1;
                    return true;
                }
                // The escaped byte is not the end, even a quote; whether the escape is valid is Text's to say.
                escaped = true;
                i += 2;
            }
        }

        /// <summary>Where the next quote, backslash or control byte is, from <paramref name="i"/> (16 bytes a step).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly int NextSpecial(int i)
        {
            ref var first = ref MemoryMarshal.GetReference(_json);
            for (; i + Vector128<byte>.Count <= _json.Length; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)i);
                var special = Vector128.Equals(bytes, Vector128.Create((byte)'"')) | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(bytes, Vector128.Create((byte)0x20));
                if (special != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(special.ExtractMostSignificantBits());
                }
            }
            for (; i < _json.Length && _json[i] is not ((byte)'"' or (byte)'\\' or < 0x20); i++)
            {
            }
            return i;
        }

        /// <summary>A whole number in int's range, as JSON writes it (no fraction or exponent, no leading zero).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Int32(out int value)
        {
            SkipSpace();
            value = 0;
            var i = At + (At < _json.Length && _json[At] == '-' ? 1 : 0);
            var first = i;
            long number = 0;
            for (; i < _json.Length && (uint)(_json[i] - '0') <= 9 && i - first < 11; i++)
            {
                number = number * 10 + (_json[i] - '0');
            }
            if (i == first || (i - first > 1 && _json[first] == '0')
                || (i < _json.Length && _json[i] is (byte)'.' or (byte)'e' or (byte)'E' or >= (byte)'0' and <= (byte)'9'))
            {
                return false;
            }
            number = first > At ? -number : number;
            if (number is < int.MinValue or > int.MaxValue)
            {
                return false;
            }
            value = (int)number;
            At = i;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SkipSpace()
        {
            while (At < _json.Length)
            {
                var b = _json[At];
                if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                {
                    At++;
                }
                else if (b != '/' || !SkipComment())
                {
                    return;
                }
            }
        }

        /// <summary>
        /// A comment of ASCII text. Anything else in one (a line separator, which the strict reader refuses in a line
        /// comment) is left to the strict reader.
        /// </summary>
        private bool SkipComment()
        {
            if (At + 1 >= _json.Length || _json[At + 1] is not ((byte)'*' or (byte)'/'))
            {
                return false;
            }
            var block = _json[At + 1] == '*';
            for (var i = At + 2; i < _json.Length; i++)
            {
                var b = _json[i];
                if (b >= 0x80 || (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')))
                {
                    return false;
                }
                if (block ? b == '*' && i + 1 < _json.Length && _json[i + 1] == '/' : b is (byte)'\n' or (byte)'\r')
                {
                    At = i + (block ? 2 : 1);
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Strings and times of the inboxes, read as the strict reader reads them; null where it would fail.</summary>
    private sealed class Text
    {
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _shared =
            new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        private char[] _chars = new char[256];

        /// <summary>A string of its own (an id, an address).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string? Own(ReadOnlySpan<byte> quoted, bool escaped) =>
            escaped ? Unescaped(quoted) : Chars(quoted[1..^1]) is { } length ? new string(_chars, 0, length) : null;

        /// <summary>A string that repeats across inboxes (a pool id, a host): one instance per distinct value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string? Shared(ReadOnlySpan<byte> quoted, bool escaped)
        {
            if (escaped)
            {
                return Unescaped(quoted);
            }
            if (Chars(quoted[1..^1]) is not { } length)
            {
                return null;
            }
            var key = _chars.AsSpan(0, length);
            if (_shared.TryGetValue(key, out var shared))
            {
                return shared;
            }
            var text = key.ToString();
            _shared[key] = text;
            return text;
        }

        /// <summary>A time as System.Text.Json reads one (its ISO 8601 forms), from the string with its quotes.</summary>
        public static DateTimeOffset? Time(ReadOnlySpan<byte> quoted) => Utc(quoted[1..^1]) ?? Parsed(quoted);

        /// <summary>
        /// The form the API and snapshots write (<c>2024-01-15T10:30:00Z</c>, or with <c>.123</c> before the Z), read
        /// here to the value System.Text.Json gives; null for anything else, which it reads instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static DateTimeOffset? Utc(ReadOnlySpan<byte> time)
        {
            if (time.Length is not (20 or 24) || time[4] != '-' || time[7] != '-' || time[10] != 'T' || time[13] != ':' || time[16] != ':'
                || time[^1] != 'Z' || (time.Length == 24 && time[19] != '.'))
            {
                return null;
            }
            int year = Digits(time[..4]), month = Digits(time[5..7]), day = Digits(time[8..10]);
            int hour = Digits(time[11..13]), minute = Digits(time[14..16]), second = Digits(time[17..19]);
            var millisecond = time.Length == 24 ? Digits(time[20..23]) : 0;
            return year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23
                || minute is < 0 or > 59 || second is < 0 or > 59 || millisecond < 0
                ? null
                : new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        }

        /// <summary>The decimal number the ASCII digits make; -1 if any is not a digit.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Digits(ReadOnlySpan<byte> digits)
        {
            var number = 0;
            foreach (var digit in digits)
            {
                if ((uint)(digit - '0') > 9)
                {
                    return -1;
                }
                number = (number * 10) + digit - '0';
            }
            return number;
        }

        private static DateTimeOffset? Parsed(ReadOnlySpan<byte> quoted)
        {
            try
            {
                var reader = new Utf8JsonReader(quoted);
                return reader.Read() && reader.TryGetDateTimeOffset(out var time) ? time : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>The bytes as UTF-16 in the buffer; null when they are not valid UTF-8.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int? Chars(ReadOnlySpan<byte> utf8)
        {
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[utf8.Length];
            }
            return System.Text.Unicode.Utf8.ToUtf16(utf8, _chars, out _, out var length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                ? length
                : null;
        }

        private static string? Unescaped(ReadOnlySpan<byte> quoted)
        {
            try
            {
                var reader = new Utf8JsonReader(quoted);
                return reader.Read() ? reader.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
