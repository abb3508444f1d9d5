using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DeepLead.Fakes.Scenarios;

/// <summary>A scenario as loaded, with its bytes kept so later checks can say where a problem is.</summary>
internal sealed record LoadedScenario(ScenarioModel Model, string Origin, byte[] Json)
{
    /// <summary>The options' layer: rules given in code, used as they are (no file spelling between).</summary>
    public IReadOnlyList<FakeRule> CodeRules { get; init; } = [];

    /// <summary>The options' layer: generated data given in code.</summary>
    public DataGeneration? CodeGeneration { get; init; }

    /// <summary>
    /// The file's inboxes when the fast reader read them (<see cref="InboxArrayReader"/>; <see cref="ScenarioModel.Inboxes"/>
    /// is then empty), else null.
    /// </summary>
    public List<InboxRow>? InboxRows { get; init; }

    /// <summary>The layer's inboxes in file order, from the fast reader or the model.</summary>
    public int InboxCount => InboxRows?.Count ?? Model.Inboxes?.Count ?? 0;

    public InboxRow Inbox(int index) => InboxRows is { } rows ? rows[index] : InboxRow.From(Model.Inboxes![index]);

    public ScenarioException Error(string jsonPath, string problem)
    {
        var at = JsonLocator.Find(Json, jsonPath);
        return new ScenarioException(Origin, jsonPath, at?.Line, at?.Column, problem);
    }
}

/// <summary>Reads scenario files strictly; every failure is a <see cref="ScenarioException"/> that says where and why.</summary>
internal static class ScenarioLoader
{
    /// <summary>
    /// Scenarios given as text or a stream (and uploads to the stub) are configuration: a larger one is refused before it
    /// is read whole. Files are not held to it (a copy of a million-inbox account is about 190 MiB): what refuses a
    /// runaway file is the limit on inboxes (<see cref="DeepLeadFakeOptions.MaxScenarioInboxes"/>) and
    /// <see cref="MaxFileBytesRead"/>.
    /// </summary>
    public const long MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>
    /// A file is read whole, so it can be at most the largest array .NET holds (just under 2 GiB: about 11 million
    /// inboxes in the snapshot's format, five times the default limit on inboxes). Refused before it is read.
    /// </summary>
    public const long MaxFileBytesRead = 0x7FFFFFC7;

    /// <summary>How enum values are written in scenario files (<c>accountCaseSensitive</c>).</summary>
    internal static readonly JsonNamingPolicy EnumNaming = JsonNamingPolicy.CamelCase;

    /// <summary>
    /// Strict reading, with reflection metadata. Source-generated metadata was tried for start-up and dropped: it saved
    /// no start-up time (the first read's cost is JIT compilation of System.Text.Json's generic code, either way), and
    /// it sets every absent init-only property to its default, skipping the definition types' initializers
    /// (<c>InboxDefinition.DailySendingLimit</c> would read 0 instead of 2). See docs/performance.md.
    /// </summary>
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
        Converters = { new JsonStringEnumConverter(EnumNaming, allowIntegerValues: false) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The reader's one-off cost in a process, begun early by <see cref="BeginWarmUp"/>; null until then.</summary>
    private static Lazy<bool>? _warmUp;

    /// <summary>
    /// Pays the reader's one-off cost in a process on a spare thread: System.Text.Json's metadata for the scenario
    /// model, and JIT compilation of its generic code over the model's types (about 150 ms of CPU), by reading the
    /// shipped default scenario. A load that comes while it runs waits for it instead of doing the same work beside it.
    /// </summary>
    public static void BeginWarmUp()
    {
        var warmUp = new Lazy<bool>(WarmUp, LazyThreadSafetyMode.ExecutionAndPublication);
        if (Interlocked.CompareExchange(ref _warmUp, warmUp, null) is null)
        {
            _ = Task.Run(() => warmUp.Value);
        }
    }

    private static bool WarmUp()
    {
        try
        {
            _ = JsonSerializer.Deserialize<ScenarioModel>(ScenarioSource.Shipped("default").ReadBytes(), Options);
        }
#pragma warning disable CA1031 // Any failure: the warm-up must never fail the load that waits for it.
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            // Only a warm-up: whatever failed here, the load that follows meets and reports itself.
        }
        return true;
    }

    /// <summary>The strict reader, after the warm-up if one was begun (the warm-up itself never throws).</summary>
    private static ScenarioModel? Deserialize(byte[] json)
    {
        if (Volatile.Read(ref _warmUp) is { } warmUp)
        {
            _ = warmUp.Value;
        }
        return JsonSerializer.Deserialize<ScenarioModel>(json, Options);
    }

    /// <summary>A scenario file's bytes, refused before reading when missing or over the size limit.</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ScenarioException(path, null, null, null, "the scenario file does not exist");
            }
            if (info.Length > MaxFileBytesRead)
            {
                throw new ScenarioException(path, null, null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the scenario file is {info.Length} bytes; a scenario file is read whole and can be at most {MaxFileBytesRead} bytes (and hold at most {DeepLeadFakeOptions.DefaultMaxScenarioInboxes:N0} inboxes by default: DeepLeadFakeOptions.MaxScenarioInboxes, the stub's --max-inboxes)"));
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, null, null, null, $"the scenario file cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a stream up to the size limit; a larger one fails without being read whole.</summary>
    public static byte[] ReadCapped(Stream stream, string origin)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new ScenarioException(origin, null, null, null, $"the scenario is larger than the limit of {MaxFileBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <param name="json">The scenario's bytes.</param>
    /// <param name="origin">Its file path or name.</param>
    /// <param name="fastReaderFrom">The size from which the inboxes array is read by <see cref="InboxArrayReader"/> (tests set 0).</param>
    public static LoadedScenario Load(byte[] json, string origin, int fastReaderFrom = InboxArrayReader.MinArrayBytes)
    {
        if (LoadFast(json, origin, fastReaderFrom) is { } fast)
        {
            return fast;
        }
        ScenarioModel? model;
        try
        {
            model = Deserialize(json);
        }
        catch (JsonException exception)
        {
            throw Located(exception, origin, typeof(ScenarioModel));
        }
        if (model is null)
        {
            throw new ScenarioException(origin, "$", 1, 1, "expected a JSON object, found null");
        }
        return new LoadedScenario(model, origin, json);
    }

    /// <summary>
    /// The inboxes by <see cref="InboxArrayReader"/>, the rest of the document by the strict reader with the inboxes
    /// array left out (it is most of a large file, so the rest is small). Null when either gives up: the whole document
    /// is then read the usual way, which gives every error its usual message and place.
    /// </summary>
    private static LoadedScenario? LoadFast(byte[] json, string origin, int fastReaderFrom)
    {
        if (InboxArrayReader.Start(json, fastReaderFrom) is not { } start || InboxArrayReader.Read(json, start) is not var (rows, end))
        {
            return null;
        }
        var rest = new byte[json.Length - (end - start) + 2];
        json.AsSpan(0, start).CopyTo(rest);
        "[]"u8.CopyTo(rest.AsSpan(start));
        json.AsSpan(end).CopyTo(rest.AsSpan(start + 2));
        // A second "inboxes" would win over the first in the strict reader: that document is read the usual way.
        if (InboxArrayReader.CountInboxProperties(rest) != 1)
        {
            return null;
        }
        try
        {
            return Deserialize(rest) is { Inboxes.Count: 0 } model
                ? new LoadedScenario(model, origin, json) { InboxRows = rows }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A reading failure, located and said in the scenario's terms: System.Text.Json's message explained from the
    /// model's metadata (no .NET type names).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="origin">The scenario's file path or name.</param>
    /// <param name="root">The type the document was read as: the scenario, or a rule or a list of rules for the stub's admin API.</param>
    internal static ScenarioException Located(JsonException exception, string origin, Type root) =>
        new(
            origin,
            exception.Path,
            exception.LineNumber + 1,
            exception.BytePositionInLine + 1,
            ScenarioJsonErrors.Explain(exception, Options.GetTypeInfo(root)),
            exception);
}
