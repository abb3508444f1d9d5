using System.Runtime.CompilerServices;
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
/// Reads a scenario's top-level <c>inboxes</c> array with a <see cref="Utf8JsonReader"/> straight into
/// <see cref="InboxRow"/>s, so a copy of a million-inbox account loads without a million <see cref="InboxDefinition"/>
/// objects and without System.Text.Json's generic code (which is JIT-compiled, even in the precompiled stub).
/// It accepts only what the strict reader (<see cref="ScenarioLoader.Options"/>) reads to the same values; anything
/// else (a wrong type, an unknown or repeated property, a missing required one, an escaped name, a status in another
/// case) makes it give up, and the document is read the usual way, so every error keeps its message, path and place.
/// </summary>
internal static class InboxArrayReader
{
    /// <summary>
    /// The top-level inboxes array, read: its rows and where it is. Null when there is none, the document does not start
    /// as an object, or an inbox is not one this reader takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (List<InboxRow> Rows, int Start, int End)? Read(ReadOnlySpan<byte> json, int minArrayBytes = MinArrayBytes)
    {
        if (Find(json) is not { } start || json.Length - start < minArrayBytes)
        {
            return null;
        }
        // The array on its own reader. Comments are skipped by a slower path of Utf8JsonReader (a tenth of the load in
        // a profile), and there can be none without a '/' (a snapshot has none after its description).
        var rest = json[start..];
        var options = rest.IndexOf((byte)'/') < 0 ? FastReaderOptions : ReaderOptions;
        var reader = new Utf8JsonReader(rest, options);
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = new char[64];
        // A count from the size (a snapshot has 180 to 200 bytes an inbox) spares the list's regrowth.
        var rows = new List<InboxRow>(Math.Max(4, rest.Length / 160));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return (rows, start, start + (int)reader.BytesConsumed);
                }
                if (reader.TokenType != JsonTokenType.StartObject || ReadInbox(ref reader, lookup, chars) is not { } row)
                {
                    return null;
                }
                rows.Add(row);
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A token of another type than the one asked for (GetString on a number): the strict reader explains it.
            return null;
        }
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

    private static readonly JsonReaderOptions FastReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InboxRow? ReadInbox(ref Utf8JsonReader reader, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> strings, Span<char> chars)
    {
        string? id = null, email = null, poolId = null, provider = null, imapHost = null, smtpHost = null, imapUsername = null, smtpUsername = null;
        int? imapPort = null, smtpPort = null;
        var status = InboxStatus.Active;
        var limit = InboxDefinition.DefaultDailySendingLimit;
        DateTimeOffset? createdAt = null;
        var seen = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (email is null || poolId is null)
                {
                    return null;
                }
                var more = provider is null && imapHost is null && imapPort is null && smtpHost is null && smtpPort is null && imapUsername is null && smtpUsername is null
                    ? null
                    : new InboxRow.Extra(provider, imapHost, imapPort, smtpHost, smtpPort, imapUsername, smtpUsername);
                return new InboxRow(id, email, poolId, status, limit, createdAt, more);
            }
            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return null;
            }
            var field = Field(ref reader);
            if (field < 0 || (seen & (1 << field)) != 0 || !reader.Read())
            {
                return null;
            }
            seen |= 1 << field;
            var token = reader.TokenType;
            switch (field)
            {
                case 0 when token is JsonTokenType.String or JsonTokenType.Null:
                    id = token == JsonTokenType.Null ? null : reader.GetString();
                    break;
                case 1 when token == JsonTokenType.String:
                    email = reader.GetString();
                    break;
                case 2 when token == JsonTokenType.String:
                    poolId = Shared(ref reader, strings, chars);
                    break;
                case 3 when token == JsonTokenType.String && !reader.ValueIsEscaped:
                    if (reader.ValueTextEquals("active"u8)) status = InboxStatus.Active;
                    else if (reader.ValueTextEquals("paused"u8)) status = InboxStatus.Paused;
                    else if (reader.ValueTextEquals("deactivated"u8)) status = InboxStatus.Deactivated;
                    else if (reader.ValueTextEquals("error"u8)) status = InboxStatus.Error;
                    else return null;
                    break;
                case 4 when token == JsonTokenType.Number && reader.TryGetInt32(out var value):
                    limit = value;
                    break;
                case 5 when token == JsonTokenType.Null:
                    createdAt = null;
                    break;
                case 5 when token == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time):
                    createdAt = time;
                    break;
                case 6 or 7 or 9 or 11 or 12 when token is JsonTokenType.String or JsonTokenType.Null:
                    var text = token == JsonTokenType.Null ? null : Shared(ref reader, strings, chars);
                    _ = field switch
                    {
                        6 => provider = text,
                        7 => imapHost = text,
                        9 => smtpHost = text,
                        11 => imapUsername = text,
                        _ => smtpUsername = text,
                    };
                    break;
                case 8 or 10 when token == JsonTokenType.Null || (token == JsonTokenType.Number && reader.TryGetInt32(out _)):
                    int? port = token == JsonTokenType.Null ? null : reader.GetInt32();
                    _ = field == 8 ? imapPort = port : smtpPort = port;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>The property's number in <see cref="InboxDefinition"/>'s contract (camelCase, exact), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Field(ref Utf8JsonReader reader) =>
        reader.ValueSpan.Length switch
        {
            2 when reader.ValueTextEquals("id"u8) => 0,
            12 when reader.ValueTextEquals("emailAddress"u8) => 1,
            6 when reader.ValueTextEquals("poolId"u8) => 2,
            6 when reader.ValueTextEquals("status"u8) => 3,
            17 when reader.ValueTextEquals("dailySendingLimit"u8) => 4,
            9 when reader.ValueTextEquals("createdAt"u8) => 5,
            8 when reader.ValueTextEquals("provider"u8) => 6,
            8 when reader.ValueTextEquals("imapHost"u8) => 7,
            8 when reader.ValueTextEquals("imapPort"u8) => 8,
            8 when reader.ValueTextEquals("smtpHost"u8) => 9,
            8 when reader.ValueTextEquals("smtpPort"u8) => 10,
            12 when reader.ValueTextEquals("imapUsername"u8) => 11,
            12 when reader.ValueTextEquals("smtpUsername"u8) => 12,
            _ => -1,
        };

    /// <summary>A string that repeats across inboxes (a pool id, a host), one instance per distinct value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Shared(ref Utf8JsonReader reader, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> strings, Span<char> chars)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > chars.Length)
        {
            return reader.GetString()!;
        }
        if (System.Text.Unicode.Utf8.ToUtf16(reader.ValueSpan, chars, out _, out var length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            // Not valid UTF-8: GetString throws, and the strict reader says where.
            return reader.GetString()!;
        }
        var key = chars[..length];
        if (strings.TryGetValue(key, out var shared))
        {
            return shared;
        }
        var text = key.ToString();
        strings[key] = text;
        return text;
    }
}
