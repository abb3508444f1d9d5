using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLead.Fakes.Rules;
using static DeepLead.Fakes.Scenarios.JsonFormatReader;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// A scenario file's rule object (<c>match</c>, <c>respond</c>, <c>delay</c>, <c>fault</c>, <c>failItem</c>,
/// <c>failConnectionTest</c>, <c>times</c>, <c>probability</c>), read straight into a <see cref="FakeRule"/> and written
/// back the same way: scenario files, admin uploads and admin listings all go through here, so there is one rule model.
/// Reading is as strict as the rest of the scenario: an unknown property, a wrong type or a missing <c>respond.status</c>
/// fails with a <see cref="JsonFormatException"/> at the offending value. What no single property can say (an action
/// missing, a status out of range) is <see cref="RuleValidation"/>'s, after reading.
/// </summary>
internal sealed class RuleFormat : JsonConverter<FakeRule>, IJsonObjectFormatConverter
{
    public static readonly JsonObjectFormat Match = new("method", "path", "query", "body", "apiKey");
    public static readonly JsonObjectFormat Respond = new(["status", "error", "body", "headers"], ["status"], ImmutableDictionary<string, JsonObjectFormat>.Empty);
    public static readonly JsonObjectFormat Delay = new("ms", "minMs", "maxMs");
    public static readonly JsonObjectFormat FailItem = new("status", "error");

    public static readonly JsonObjectFormat Rule = new(
        ["name", "match", "respond", "delay", "fault", "failItem", "failConnectionTest", "times", "probability"],
        [],
        new Dictionary<string, JsonObjectFormat> { ["match"] = Match, ["respond"] = Respond, ["delay"] = Delay, ["failItem"] = FailItem });

    /// <summary>An item failure's status when <c>failItem</c> gives none.</summary>
    private const int DefaultItemFailureStatus = 500;

    public JsonObjectFormat Format => Rule;

    public override FakeRule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonFormatReader.Read(ref reader, options, ReadRule);

    public override void Write(Utf8JsonWriter writer, FakeRule value, JsonSerializerOptions options) => Write(writer, value);

    /// <summary>
    /// Writes <paramref name="rule"/> in the scenario file's format, optional values left out (<c>match</c> always
    /// written), a delay as <c>minMs</c>/<c>maxMs</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter json, FakeRule rule)
    {
        json.WriteStartObject();
        WriteIfSet(json, "name", rule.Name);
        json.WriteStartObject("match");
        WriteIfSet(json, "method", rule.Method);
        WriteIfSet(json, "path", rule.Path);
        WriteMap(json, "query", rule.Query);
        WriteMap(json, "body", rule.Body);
        WriteIfSet(json, "apiKey", rule.ApiKey);
        json.WriteEndObject();
        if (rule.Response is { } response)
        {
            json.WriteStartObject("respond");
            json.WriteNumber("status", response.Status);
            WriteIfSet(json, "error", response.Error);
            if (response.BodyJson is { } body)
            {
                json.WritePropertyName("body");
                using var document = JsonDocument.Parse(body);
                document.RootElement.WriteTo(json);
            }
            WriteMap(json, "headers", response.Headers);
            json.WriteEndObject();
        }
        if (rule.Delay is { } delay)
        {
            json.WriteStartObject("delay");
            json.WriteNumber("minMs", (int)delay.Min.TotalMilliseconds);
            json.WriteNumber("maxMs", (int)delay.Max.TotalMilliseconds);
            json.WriteEndObject();
        }
        if (rule.Fault is { } fault)
        {
            json.WriteString("fault", ScenarioLoader.EnumNaming.ConvertName(fault.ToString()));
        }
        if (rule.ItemFailure is { } failure)
        {
            json.WriteStartObject("failItem");
            json.WriteNumber("status", failure.Status);
            WriteIfSet(json, "error", failure.Error);
            json.WriteEndObject();
        }
        WriteIfSet(json, "failConnectionTest", rule.ConnectionTestFailure);
        if (rule.Count is { } count)
        {
            json.WriteNumber("times", count);
        }
        if (rule.Probability is { } probability)
        {
            json.WriteNumber("probability", probability);
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// One rule (an object) or several (an array), in the scenario file's rule format, all checked before any is used.
    /// </summary>
    /// <exception cref="ScenarioException">Where the first problem is (JSON path, line, column) and what it is.</exception>
    public static List<FakeRule> ParseMany(byte[] body, string origin)
    {
        var layer = new LoadedScenario(new ScenarioModel(), origin, body);
        var kind = FirstToken(body);
        List<FakeRule?> parsed;
        try
        {
            parsed = kind switch
            {
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<FakeRule>(body, ScenarioLoader.Options)],
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<FakeRule?>>(body, ScenarioLoader.Options) ?? [],
                _ => throw new ScenarioException(origin, "$", 1, 1, "expected a rule object, or an array of rule objects"),
            };
        }
        catch (JsonException exception)
        {
            throw ScenarioLoader.Located(exception, origin, body, kind == JsonTokenType.StartArray ? typeof(List<FakeRule>) : typeof(FakeRule));
        }
        if (parsed.Count == 0)
        {
            throw new ScenarioException(origin, "$", 1, 1, "the array is empty: give at least one rule");
        }
        var rules = new List<FakeRule>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            rules.Add(Checked(parsed[i], layer, kind == JsonTokenType.StartArray ? $"$[{i}]" : "$"));
        }
        return rules;
    }

    /// <summary>A rule as read, checked as a whole (<see cref="RuleValidation"/>); a problem is located in its document.</summary>
    /// <param name="rule">The rule read at <paramref name="path"/>; null when the document has <c>null</c> there.</param>
    public static FakeRule Checked(FakeRule? rule, LoadedScenario layer, string path)
    {
        if (rule is null)
        {
            throw layer.Error(path, "expected a rule object, found null");
        }
        var problems = RuleValidation.Problems(rule);
        if (problems.Count > 0)
        {
            var (property, message) = problems[0];
            throw layer.Error(property == "rule" ? path : $"{path}.{property}", message);
        }
        return rule;
    }

    private static JsonTokenType FirstToken(byte[] body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            return reader.Read() ? reader.TokenType : JsonTokenType.None;
        }
        catch (JsonException)
        {
            // Malformed from the first token: let the deserializer report where.
            return JsonTokenType.StartObject;
        }
    }

    private static FakeRule ReadRule(ref Utf8JsonReader reader, ref string path, JsonSerializerOptions options)
    {
        ExpectObject(ref reader, path, Rule);
        var rule = new FakeRule();
        while (NextProperty(ref reader, ref path, "", Rule) is { } property)
        {
            rule = property switch
            {
                "name" => rule with { Name = ReadString(ref reader, path) },
                "match" => ReadMatch(ref reader, ref path, rule),
                "respond" => rule with { Response = ReadRespond(ref reader, ref path) },
                "delay" => rule with { Delay = ReadDelay(ref reader, ref path) },
                "fault" => rule with { Fault = ReadFault(ref reader, path, options) },
                "failItem" => rule with { ItemFailure = ReadFailItem(ref reader, ref path) },
                "failConnectionTest" => rule with { ConnectionTestFailure = ReadString(ref reader, path) },
                "times" => rule with { Count = ReadInt(ref reader, path) },
                "probability" => rule with { Probability = ReadDouble(ref reader, path) },
                _ => throw Unhandled(property),
            };
        }
        return rule;
    }

    /// <summary><c>match</c> as a whole: a second <c>match</c> (or <c>null</c>) replaces the first, as for any object.</summary>
    private static FakeRule ReadMatch(ref Utf8JsonReader reader, ref string path, FakeRule rule)
    {
        rule = rule with
        {
            Method = null,
            Path = null,
            Query = ImmutableDictionary<string, string>.Empty,
            Body = ImmutableDictionary<string, string>.Empty,
            ApiKey = null,
        };
        if (IsNull(ref reader, path, Match))
        {
            return rule;
        }
        var at = path;
        while (NextProperty(ref reader, ref path, at, Match) is { } property)
        {
            rule = property switch
            {
                "method" => rule with { Method = ReadString(ref reader, path) },
                "path" => rule with { Path = ReadString(ref reader, path) },
                "query" => rule with { Query = ReadMap(ref reader, ref path, StringComparer.Ordinal) },
                "body" => rule with { Body = ReadMap(ref reader, ref path, StringComparer.Ordinal) },
                "apiKey" => rule with { ApiKey = ReadString(ref reader, path) },
                _ => throw Unhandled(property),
            };
        }
        return rule;
    }

    private static FakeResponse? ReadRespond(ref Utf8JsonReader reader, ref string path)
    {
        if (IsNull(ref reader, path, Respond))
        {
            return null;
        }
        var at = path;
        int? status = null;
        string? error = null, body = null;
        var headers = ImmutableDictionary<string, string>.Empty;
        while (NextProperty(ref reader, ref path, at, Respond) is { } property)
        {
            switch (property)
            {
                case "status":
                    status = ReadInt(ref reader, path) ?? throw Expected(path, typeof(int));
                    break;
                case "error":
                    error = ReadString(ref reader, path);
                    break;
                case "body":
                    body = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader).GetRawText();
                    break;
                case "headers":
                    // Header names ignore case, as in HTTP: the same name twice (in any case) keeps the last value.
                    headers = ReadMap(ref reader, ref path, StringComparer.OrdinalIgnoreCase);
                    break;
                default:
                    throw Unhandled(property);
            }
        }
        ThrowIfMissing(Respond, at, status is null ? new HashSet<string>() : ["status"]);
        return new FakeResponse(status!.Value) { Error = error, BodyJson = body, Headers = headers };
    }

    private static FakeDelay? ReadDelay(ref Utf8JsonReader reader, ref string path)
    {
        if (IsNull(ref reader, path, Delay))
        {
            return null;
        }
        var at = path;
        int? ms = null, minMs = null, maxMs = null;
        while (NextProperty(ref reader, ref path, at, Delay) is { } property)
        {
            switch (property)
            {
                case "ms":
                    ms = ReadInt(ref reader, path);
                    break;
                case "minMs":
                    minMs = ReadInt(ref reader, path);
                    break;
                case "maxMs":
                    maxMs = ReadInt(ref reader, path);
                    break;
                default:
                    throw Unhandled(property);
            }
        }
        if (ms is not null && (minMs is not null || maxMs is not null))
        {
            throw new JsonFormatException(at, "give either ms or minMs and maxMs, not both", locateValue: true);
        }
        if (ms is null && (minMs is null || maxMs is null))
        {
            throw new JsonFormatException(at, "needs ms, or both minMs and maxMs", locateValue: true);
        }
        return ms is { } fixedMs
            ? new FakeDelay(TimeSpan.FromMilliseconds(fixedMs), TimeSpan.FromMilliseconds(fixedMs))
            : new FakeDelay(TimeSpan.FromMilliseconds(minMs!.Value), TimeSpan.FromMilliseconds(maxMs!.Value));
    }

    private static FakeItemFailure? ReadFailItem(ref Utf8JsonReader reader, ref string path)
    {
        if (IsNull(ref reader, path, FailItem))
        {
            return null;
        }
        var at = path;
        int? status = null;
        string? error = null;
        while (NextProperty(ref reader, ref path, at, FailItem) is { } property)
        {
            switch (property)
            {
                case "status":
                    status = ReadInt(ref reader, path);
                    break;
                case "error":
                    error = ReadString(ref reader, path);
                    break;
                default:
                    throw Unhandled(property);
            }
        }
        return new FakeItemFailure(status ?? DefaultItemFailureStatus, error);
    }

    /// <summary>The fault by the options' own enum converter, so it reads exactly as every other enum in a scenario.</summary>
    private static FakeFault? ReadFault(ref Utf8JsonReader reader, string path, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        try
        {
            return ((JsonConverter<FakeFault>)options.GetConverter(typeof(FakeFault))).Read(ref reader, typeof(FakeFault), options);
        }
        catch (JsonException)
        {
            throw Expected(path, typeof(FakeFault));
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteMap(Utf8JsonWriter json, string name, ImmutableDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }
        json.WriteStartObject(name);
        // Sorted: an immutable dictionary's own order follows string hash codes, which differ from run to run.
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                json.WriteNull(key);
            }
            else
            {
                json.WriteString(key, value);
            }
        }
        json.WriteEndObject();
    }
}
