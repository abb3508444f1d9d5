using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLead.Fakes.Scenarios;

/// <summary>A scenario as loaded, with its bytes kept so later checks can say where a problem is.</summary>
internal sealed record LoadedScenario(ScenarioModel Model, string Origin, byte[] Json)
{
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

    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static LoadedScenario LoadFile(string path)
    {
        byte[] json;
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
            json = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, null, null, null, $"the scenario file cannot be read: {exception.Message}", exception);
        }
        return Load(json, path);
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
            throw new ScenarioException(
                origin,
                exception.Path,
                exception.LineNumber + 1,
                exception.BytePositionInLine + 1,
                Explain(exception),
                exception);
        }
        if (model is null)
        {
            throw new ScenarioException(origin, "$", 1, 1, "expected a JSON object, found null");
        }
        return new LoadedScenario(model, origin, json);
    }

    /// <summary>System.Text.Json's messages name CLR types; say it in the scenario's terms (rules included).</summary>
    internal static string Explain(JsonException exception)
    {
        var message = exception.Message;
        var pathMark = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (pathMark > 0)
        {
            message = message[..pathMark];
        }
        return message
            .Replace("DeepLead.Fakes.Scenarios.Scenario", string.Empty, StringComparison.Ordinal)
            .Replace("System.Nullable`1[System.DateTimeOffset]", "a timestamp (ISO-8601, e.g. 2024-01-15T10:30:00Z)", StringComparison.Ordinal)
            .Replace("System.Nullable`1[System.Int32]", "an integer", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.InboxStatus]", "an inbox status (active, paused, deactivated, error)", StringComparison.Ordinal)
            .Replace("System.Nullable`1[System.Double]", "a number", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.FakeFault]", "a fault (emptyResponse, malformedChunk)", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.FakeLeniency]", "ignore or reject", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.AutoFilledFieldsVariant]", "always or never", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.TimestampPrecision]", "seconds or milliseconds", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.EmailUniqueness]", "account, accountCaseSensitive or pool", StringComparison.Ordinal)
            .Replace("System.Nullable`1[DeepLead.Fakes.UnknownPoolFilter]", "notFound or emptyPage", StringComparison.Ordinal)
            .Replace("System.String", "a string", StringComparison.Ordinal);
    }
}
