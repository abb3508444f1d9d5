using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Shadowing;

/// <summary>
/// A copy of a live DeepLead account as a scenario: its pools and inboxes, read through the documented read endpoints
/// only (<c>GET /pools</c>, then every page of <c>GET /inboxes</c>). It never writes to the source.
/// <code>
/// using var upstream = new HttpClient { BaseAddress = new Uri("https://app.deeplead.com/api/v1/") };
/// var snapshot = await DeepLeadSnapshot.TakeAsync(upstream, new SnapshotOptions { ApiKey = key });
/// await snapshot.WriteScenarioAsync("my-account.json");
/// </code>
/// </summary>
public sealed class DeepLeadSnapshot
{
    /// <summary>Written into every snapshot's description: the API never returns a password, so the scenario has none.</summary>
    public const string PasswordNote =
        "Passwords are not in this file: the API never returns them (IMAP/SMTP passwords are write-only), so nothing secret was copied except the key it was read with.";

    private static readonly HashSet<string> KnownStatuses = new(StringComparer.Ordinal) { "active", "paused", "deactivated", "error" };

    private readonly List<Pool> _pools;
    private readonly List<Inbox> _inboxes;
    private readonly int _inboxCount;
    private readonly List<string> _notes;
    private readonly SnapshotOptions _options;
    private readonly string _source;

    /// <summary>The scenario file a snapshot taken with <see cref="TakeToFileAsync"/> wrote (its inboxes are not in memory).</summary>
    private string? _writtenTo;

    private DeepLeadSnapshot(SnapshotOptions options, string source, List<Pool> pools, List<Inbox> inboxes, int inboxCount, List<string> notes, int requests, TimeSpan waited, DateTimeOffset takenAt)
    {
        _options = options;
        _source = source;
        _pools = pools;
        _inboxes = inboxes;
        _inboxCount = inboxCount;
        _notes = notes;
        Requests = requests;
        WaitedForRetryAfter = waited;
        TakenAt = takenAt;
    }

    /// <summary>Pools read.</summary>
    public int PoolCount => _pools.Count;

    /// <summary>Inboxes read.</summary>
    public int InboxCount => _inboxCount;

    /// <summary>Requests sent (retries after a 429 included).</summary>
    public int Requests { get; }

    /// <summary>Time spent waiting out <c>Retry-After</c>.</summary>
    public TimeSpan WaitedForRetryAfter { get; }

    /// <summary>When the snapshot finished, on the options' clock.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>
    /// Reads the account behind <paramref name="upstream"/> (its <c>BaseAddress</c> is the API base, ending in
    /// <c>/api/v1/</c>). Throws <see cref="SnapshotException"/> naming the page reached when the source fails.
    /// </summary>
    public static async Task<DeepLeadSnapshot> TakeAsync(HttpClient upstream, SnapshotOptions options, CancellationToken cancellationToken = default)
    {
        var inboxes = new List<Inbox>();
        return await TakeCoreAsync(upstream, options, inboxes, inboxes.Add, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the account as <see cref="TakeAsync"/> does, writing each page to <paramref name="path"/> as it is read, so
    /// a million-inbox account never is in memory (the file appears whole or not at all, as with
    /// <see cref="WriteScenarioAsync"/>, and has the same bytes). The snapshot returned holds the counts; its
    /// <see cref="ToScenarioJson"/> and <see cref="WriteScenario"/> read the file back.
    /// </summary>
    public static async Task<DeepLeadSnapshot> TakeToFileAsync(HttpClient upstream, SnapshotOptions options, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var spool = $"{path}.{pid}.inboxes.tmp";
        var temporary = $"{path}.{pid}.tmp";
        try
        {
            DeepLeadSnapshot snapshot;
            // The inboxes, one compact JSON object a line, as pages arrive; the file is then the header, the pools
            // (whose count and notes the header gives) and these lines.
            var lines = File.Create(spool);
            await using (lines.ConfigureAwait(false))
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
                using var item = new Utf8JsonWriter(buffer);
                snapshot = await TakeCoreAsync(upstream, options, [], inbox =>
                {
                    WriteInbox(item, inbox);
                    item.Flush();
                    lines.Write(buffer.WrittenSpan);
                    lines.WriteByte((byte)'\n');
                    buffer.ResetWrittenCount();
                    item.Reset(buffer);
                }, cancellationToken).ConfigureAwait(false);
            }
            var stream = File.Create(temporary);
            await using (stream.ConfigureAwait(false))
            {
                snapshot.WriteScenarioCore(stream, File.ReadLines(spool));
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(temporary, path, overwrite: true);
            snapshot._writtenTo = path;
            return snapshot;
        }
        finally
        {
            File.Delete(spool);
            File.Delete(temporary);
        }
    }

    private static async Task<DeepLeadSnapshot> TakeCoreAsync(HttpClient upstream, SnapshotOptions options, List<Inbox> kept, Action<Inbox> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        var source = PacedReader.ApiBase(upstream).GetLeftPart(UriPartial.Path);
        var reader = new PacedReader(upstream, options);
        var notes = new List<string>();

        var poolsBody = await reader.GetAsync("pools", "the pool list", 0, cancellationToken).ConfigureAwait(false);
        var pools = ReadPools(poolsBody, notes);

        var count = 0;
        // Ids as 96-bit numbers (they are 24 hex digits): a million of them in a tenth of the memory of their strings.
        var seen = new HashSet<UInt128>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var skip = 0;
        for (var page = 1; ; page++)
        {
            var relative = $"inboxes?limit={options.PageSize.ToString(CultureInfo.InvariantCulture)}&skip={skip.ToString(CultureInfo.InvariantCulture)}";
            var body = await reader.GetAsync(relative, $"inbox page {page.ToString(CultureInfo.InvariantCulture)}", count, cancellationToken).ConfigureAwait(false);
            var (read, hasMore, total) = ReadInboxPage(body, inbox => { add(inbox); count++; }, count, seen, skipped, relative);
            skip += read;
            options.Progress?.Report(new SnapshotProgress(page, count, total));
            if (!hasMore || read == 0)
            {
                break;
            }
        }
        foreach (var (what, n) in skipped)
        {
            notes.Add($"{n.ToString("N0", CultureInfo.InvariantCulture)} inboxes: {what}");
        }
        return new DeepLeadSnapshot(options, source, pools, kept, count, notes, reader.Requests, reader.WaitedForRetryAfter, options.TimeProvider.GetUtcNow());
    }

    /// <summary>The scenario as JSON text (what <see cref="WriteScenarioAsync"/> writes).</summary>
    public string ToScenarioJson()
    {
        using var buffer = new MemoryStream();
        WriteScenario(buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The scenario, to start a fake from: <c>options.Scenarios.Add(snapshot.ToScenarioSource())</c>.</summary>
    public ScenarioSource ToScenarioSource() => ScenarioSource.Json(ToScenarioJson(), $"snapshot of {_source}");

    /// <summary>Writes the scenario file (it loads as is: <c>--scenario FILE</c>); the file appears whole or not at all.</summary>
    public async Task WriteScenarioAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        var stream = File.Create(temporary);
        await using (stream.ConfigureAwait(false))
        {
            WriteScenario(stream);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Streams the scenario as indented JSON (a 100,000-inbox account never exists as one string).</summary>
    public void WriteScenario(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_writtenTo is { } path)
        {
            using var file = File.OpenRead(path);
            file.CopyTo(destination);
            return;
        }
        WriteScenarioCore(destination, null);
    }

    /// <summary>The scenario, with the inboxes' lines of <see cref="TakeToFileAsync"/> when given, else the inboxes held.</summary>
    private void WriteScenarioCore(Stream destination, IEnumerable<string>? inboxLines)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("name", _options.Name);
        json.WriteString("description", Description());
        if (_options.Key != SnapshotKey.Omit)
        {
            json.WriteStartArray("apiKeys");
            json.WriteStartObject();
            json.WriteString("key", _options.ApiKey);
            json.WriteStartArray("permissions");
            json.WriteStringValue("pools:read");
            json.WriteStringValue("inboxes:read");
            if (_options.Key == SnapshotKey.Writable)
            {
                json.WriteStringValue("inboxes:write");
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        // One pool or inbox per line: readable, diffable, and a third smaller than fully indented JSON.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using var item = new Utf8JsonWriter(buffer);
        json.WriteStartArray("pools");
        foreach (var pool in _pools)
        {
            item.WriteStartObject();
            item.WriteString("id", pool.Id);
            item.WriteString("name", pool.Name);
            WriteIfSet(item, "createdAt", pool.CreatedAt);
            item.WriteEndObject();
            WriteItem(json, item, buffer);
        }
        json.WriteEndArray();
        json.WriteStartArray("inboxes");
        if (inboxLines is not null)
        {
            foreach (var line in inboxLines)
            {
                json.WriteRawValue(line, skipInputValidation: true);
                FlushEvery(json);
            }
        }
        foreach (var inbox in _inboxes)
        {
            WriteInbox(item, inbox);
            WriteItem(json, item, buffer);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteInbox(Utf8JsonWriter item, Inbox inbox)
    {
        item.WriteStartObject();
        item.WriteString("id", inbox.Id);
        item.WriteString("emailAddress", inbox.EmailAddress);
        item.WriteString("poolId", inbox.PoolId);
        WriteIfSet(item, "status", inbox.Status);
        if (inbox.DailySendingLimit is { } limit)
        {
            item.WriteNumber("dailySendingLimit", limit);
        }
        WriteIfSet(item, "createdAt", inbox.CreatedAt);
        item.WriteEndObject();
    }

    private string Description()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Snapshot of {_source} taken {TakenAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {_pools.Count:N0} pools, {_inboxCount:N0} inboxes, read with GET /pools and GET /inboxes only. ");
        text.Append(PasswordNote);
        text.Append(_options.Key switch
        {
            SnapshotKey.ReadOnly => " The key it was read with is a read-only key here.",
            SnapshotKey.Writable => " The key it was read with has every permission here.",
            _ => " No key is included: add one in another layer.",
        });
        foreach (var note in _notes)
        {
            text.Append(CultureInfo.InvariantCulture, $" Left out: {note}.");
        }
        return text.ToString();
    }

    private static void WriteItem(Utf8JsonWriter json, Utf8JsonWriter item, System.Buffers.ArrayBufferWriter<byte> buffer)
    {
        item.Flush();
        json.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
        buffer.ResetWrittenCount();
        item.Reset(buffer);
        FlushEvery(json);
    }

    /// <summary>
    /// A writer over a stream keeps everything until it is flushed: without this, the whole file (180 MiB for a million
    /// inboxes) was one growing buffer before the first byte reached the disk.
    /// </summary>
    private static void FlushEvery(Utf8JsonWriter json)
    {
        if (json.BytesPending >= 1024 * 1024)
        {
            json.Flush();
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static List<Pool> ReadPools(byte[] body, List<string> notes)
    {
        using var document = Parse(body, "GET /pools");
        if (!document.RootElement.TryGetProperty("pools", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SnapshotException("Snapshot stopped at the pool list (GET /pools): the answer has no \"pools\" array.") { Request = "GET /pools" };
        }
        var pools = new List<Pool>();
        var unusable = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (Text(item, "id") is { } id && IsObjectId(id) && Text(item, "name") is { Length: > 0 } name)
            {
                pools.Add(new Pool(id, name, Timestamp(item)));
            }
            else
            {
                unusable++;
            }
        }
        if (unusable > 0)
        {
            notes.Add($"{unusable.ToString("N0", CultureInfo.InvariantCulture)} pools without a usable id or name");
        }
        return pools;
    }

    private static (int Read, bool HasMore, int? Total) ReadInboxPage(byte[] body, Action<Inbox> add, int inboxesRead, HashSet<UInt128> seen, Dictionary<string, int> skipped, string relative)
    {
        using var document = Parse(body, "GET /" + relative);
        var root = document.RootElement;
        if (!root.TryGetProperty("inboxes", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SnapshotException($"Snapshot stopped at GET /{relative}: the answer has no \"inboxes\" array.") { Request = "GET /" + relative, InboxesRead = inboxesRead };
        }
        var read = 0;
        foreach (var item in array.EnumerateArray())
        {
            read++;
            if (Text(item, "id") is not { } id || !IsObjectId(id) || Text(item, "emailAddress") is not { Length: > 0 } address
                || Text(item, "poolId") is not { } poolId || !IsObjectId(poolId))
            {
                Count(skipped, "without a usable id, address or pool id");
                continue;
            }
            if (!seen.Add(UInt128.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)))
            {
                // The account changed between pages and an inbox moved onto the next page: keep its first copy.
                continue;
            }
            var status = Text(item, "status");
            if (status is not null && !KnownStatuses.Contains(status))
            {
                Count(skipped, $"the status '{status}' the fake does not know (read as active)");
                status = null;
            }
            int? limit = item.TryGetProperty("dailySendingLimit", out var limitValue) && limitValue.TryGetInt32(out var l) && l >= 1 ? l : null;
            add(new Inbox(id, address, poolId, status, limit, Timestamp(item)));
        }
        var hasMore = false;
        int? total = null;
        if (root.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
        {
            hasMore = pagination.TryGetProperty("hasMore", out var more) && more.ValueKind == JsonValueKind.True;
            total = pagination.TryGetProperty("total", out var t) && t.TryGetInt32(out var n) ? n : null;
        }
        return (read, hasMore, total);
    }

    private static void Count(Dictionary<string, int> skipped, string what) =>
        skipped[what] = skipped.GetValueOrDefault(what) + 1;

    private static JsonDocument Parse(byte[] body, string request)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new SnapshotException($"Snapshot stopped at {request}: the answer is not a JSON object.") { Request = request };
            }
            return document;
        }
        catch (JsonException exception)
        {
            throw new SnapshotException($"Snapshot stopped at {request}: the answer is not JSON ({exception.Message}).", exception) { Request = request };
        }
    }

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Copied as the source wrote it, so the fake renders the same text (when its precision setting agrees).</summary>
    private static string? Timestamp(JsonElement item) =>
        Text(item, "createdAt") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) ? text : null;

    internal static bool IsObjectId(string text) => text.Length == 24 && text.All(char.IsAsciiHexDigit);

    private sealed record Pool(string Id, string Name, string? CreatedAt);

    private sealed record Inbox(string Id, string EmailAddress, string PoolId, string? Status, int? DailySendingLimit, string? CreatedAt);
}
