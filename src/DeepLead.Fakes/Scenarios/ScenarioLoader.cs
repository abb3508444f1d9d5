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
    /// Scenario files are configuration, not data dumps; a larger file is refused before it is read. 64 MiB leaves room
    /// for a snapshot of a real account (100,000 inboxes are about 18 MiB).
    /// </summary>
    public const long MaxFileBytes = 64 * 1024 * 1024;

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
            if (info.Length > MaxFileBytes)
            {
                throw new ScenarioException(path, null, null, null, $"the scenario file is {info.Length} bytes; the limit is {MaxFileBytes}");
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

    public static LoadedScenario Load(byte[] json, string origin)
    {
        if (json.Length > MaxFileBytes)
        {
            throw new ScenarioException(origin, null, null, null, $"the scenario is {json.Length} bytes; the limit is {MaxFileBytes}");
        }
        ScenarioModel? model;
        try
        {
            model = JsonSerializer.Deserialize<ScenarioModel>(json, Options);
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
