using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// An object of the scenario format that is read by hand rather than from a type's properties: its properties in
/// order, the required ones, and the objects nested under some of them. The reader refuses anything else, and
/// <c>ScenarioSchemaModelTests</c> holds <c>scenario.schema.json</c> to it.
/// </summary>
internal sealed record JsonObjectFormat(IReadOnlyList<string> Properties, IReadOnlyList<string> Required, IReadOnlyDictionary<string, JsonObjectFormat> Objects)
{
    public JsonObjectFormat(params string[] properties)
        : this(properties, [], ImmutableDictionary<string, JsonObjectFormat>.Empty)
    {
    }

    /// <summary>What a value of this format looks like, in messages.</summary>
    public string Description => $"an object with the properties {string.Join(", ", Properties)}";
}

/// <summary>A converter for a type written as one <see cref="JsonObjectFormat"/>, so messages can say what was expected.</summary>
internal interface IJsonObjectFormatConverter
{
    JsonObjectFormat Format { get; }
}

/// <summary>
/// A scenario file's rule object (<c>match</c>, <c>respond</c>, <c>delay</c>, <c>fault</c>, <c>failItem</c>,
/// <c>failConnectionTest</c>, <c>times</c>, <c>probability</c>), read straight into a <see cref="FakeRule"/> and written
/// back the same way: scenario files, admin uploads and admin listings all go through here, so there is one rule model.
/// Reading is as strict as the rest of the scenario: an unknown property, a wrong type or a missing <c>respond.status</c>
/// fails with a <see cref="RuleFormatException"/> at the offending value. What no single property can say (an action
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

    public override FakeRule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Where the reader is under the rule, kept as System.Text.Json keeps its own path, so a break in the JSON itself
        // is reported where it would be without this converter: an object's property until its value is read, a
        // dictionary's last key until the next one.
        var path = "";
        try
        {
            return ReadRule(ref reader, ref path, options);
        }
        catch (JsonException exception) when (exception is not RuleFormatException)
        {
            throw RuleFormatException.Malformed(path, exception);
        }
    }

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
        if (status is null)
        {
            throw new RuleFormatException(at, "missing required properties including: 'status'");
        }
        return new FakeResponse(status.Value) { Error = error, BodyJson = body, Headers = headers };
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
            throw new RuleFormatException(at, "give either ms or minMs and maxMs, not both", locateValue: true);
        }
        if (ms is null && (minMs is null || maxMs is null))
        {
            throw new RuleFormatException(at, "needs ms, or both minMs and maxMs", locateValue: true);
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

    private static void ExpectObject(ref Utf8JsonReader reader, string path, JsonObjectFormat format)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RuleFormatException(path, $"expected {format.Description}");
        }
    }

    /// <summary>True on <c>null</c> (every object of a rule is optional); otherwise the value must be the object.</summary>
    private static bool IsNull(ref Utf8JsonReader reader, string path, JsonObjectFormat format)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        ExpectObject(ref reader, path, format);
        return false;
    }

    /// <summary>
    /// Moves to the next property's value and returns its name, or null at the object's end; a name the format does not
    /// have fails here, before its value is read.
    /// </summary>
    private static string? NextProperty(ref Utf8JsonReader reader, ref string path, string objectPath, JsonObjectFormat format)
    {
        path = objectPath;
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return null;
        }
        var name = reader.GetString()!;
        path = Append(objectPath, name);
        if (!format.Properties.Contains(name))
        {
            throw new RuleFormatException(path, $"unknown property '{name}'; the properties here are {string.Join(", ", format.Properties)}");
        }
        reader.Read();
        return name;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(string)),
    };

    private static int? ReadInt(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(int)),
    };

    private static double? ReadDouble(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDouble(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(double)),
    };

    /// <summary>
    /// An object of string values (a value may be null, as System.Text.Json reads a dictionary of strings); the same
    /// key twice keeps the last value.
    /// </summary>
    private static ImmutableDictionary<string, string> ReadMap(ref Utf8JsonReader reader, ref string path, StringComparer comparer)
    {
        var map = ImmutableDictionary.Create<string, string>(comparer);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return map;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Expected(path, typeof(Dictionary<string, string>));
        }
        var at = path;
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }
            var key = reader.GetString()!;
            path = Append(at, key);
            reader.Read();
            map = map.SetItem(key, ReadString(ref reader, path)!);
        }
    }

    private static RuleFormatException Expected(string path, Type type) =>
        new(path, $"expected {ScenarioJsonErrors.Describe(type)}");

    /// <summary>A property of a format that the reader does not handle: a defect here, not in the rule.</summary>
    private static InvalidOperationException Unhandled(string property) =>
        new($"The rule format lists '{property}' but the reader does not read it.");

    /// <summary>A property appended as System.Text.Json writes paths: <c>.name</c>, or <c>['odd name']</c> (nothing escaped).</summary>
    private static string Append(string path, string name) =>
        name.AsSpan().IndexOfAny(". '/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029") < 0 ? $"{path}.{name}" : $"{path}['{name}']";

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

/// <summary>
/// A rule not in the file format, found while reading it: where under the rule (<see cref="RelativePath"/>, appended to
/// the rule's own path that System.Text.Json fills into <see cref="JsonException.Path"/>) and what is wrong. Thrown with
/// the reader at the offending value, so its line and column are the reader's, as for System.Text.Json's own errors.
/// </summary>
internal sealed class RuleFormatException : JsonException
{
    private readonly (long Line, long Column)? _position;

    /// <param name="relativePath">Below the rule: <c>""</c>, <c>.respond.status</c>, <c>.match.query['odd key']</c>.</param>
    /// <param name="problem">What is wrong, in the scenario's terms.</param>
    /// <param name="locateValue">Located at the start of the value (as checks after reading are) rather than at the reader.</param>
    public RuleFormatException(string relativePath, string problem, bool locateValue = false)
        : base(problem)
    {
        RelativePath = relativePath;
        Problem = problem;
        LocateValue = locateValue;
    }

    private RuleFormatException(string relativePath, string problem, (long, long)? position, Exception inner)
        : base(problem, inner)
    {
        RelativePath = relativePath;
        Problem = problem;
        _position = position;
    }

    public string RelativePath { get; }

    public string Problem { get; }

    public bool LocateValue { get; }

    /// <summary>The reader's own error (the JSON is broken), with the reader's position and message.</summary>
    public static RuleFormatException Malformed(string relativePath, JsonException inner)
    {
        var message = inner.Message;
        var positionMark = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return new RuleFormatException(
            relativePath,
            positionMark > 0 ? message[..positionMark] : message,
            inner.LineNumber is { } line ? (line, inner.BytePositionInLine ?? 0) : null,
            inner);
    }

    /// <summary>The located scenario error, in the document <paramref name="json"/> the rule was read from.</summary>
    public ScenarioException ToScenarioException(string origin, byte[] json)
    {
        var path = (Path ?? "$") + RelativePath;
        (long Line, long Column)? at = LocateValue
            ? JsonLocator.Find(json, path)
            : _position is { } reader ? (reader.Line + 1, reader.Column + 1)
            : LineNumber is { } line ? (line + 1, (BytePositionInLine ?? 0) + 1)
            : null;
        return new ScenarioException(origin, path, at?.Line, at?.Column, Problem, this);
    }
}
