using System.Collections.Immutable;
using System.Text.Json;

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

/// <summary>Reads the body of a <see cref="JsonObjectFormat"/>, keeping <paramref name="path"/> at where the reader is.</summary>
internal delegate T ReadFormat<T>(ref Utf8JsonReader reader, ref string path, JsonSerializerOptions options);

/// <summary>
/// Reading an object of the scenario format by hand, with System.Text.Json's own rules and messages: strict types, no
/// unknown properties, <c>null</c> for an optional value, the last of a repeated property, and the same paths, positions
/// and wording as its errors (each "expected …" says it through <see cref="ScenarioJsonErrors.Describe(Type)"/>).
/// </summary>
internal static class JsonFormatReader
{
    /// <summary>
    /// Reads with <paramref name="body"/>; a break in the JSON itself is reported where System.Text.Json would put it,
    /// so <paramref name="body"/> keeps the path as it keeps its own: an object's property until its value is read, a
    /// dictionary's last key until the next one.
    /// </summary>
    public static T Read<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, ReadFormat<T> body)
    {
        var path = "";
        try
        {
            return body(ref reader, ref path, options);
        }
        catch (JsonException exception) when (exception is not JsonFormatException)
        {
            throw JsonFormatException.Malformed(path, exception);
        }
    }

    /// <summary>After an object's end: its required properties that were not given, as System.Text.Json says it.</summary>
    public static void ThrowIfMissing(JsonObjectFormat format, string path, IReadOnlySet<string> given)
    {
        var missing = format.Required.Where(name => !given.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw new JsonFormatException(path, $"missing required properties including: {string.Join(", ", missing.Select(name => $"'{name}'"))}");
        }
    }

    public static void ExpectObject(ref Utf8JsonReader reader, string path, JsonObjectFormat format)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonFormatException(path, $"expected {format.Description}");
        }
    }

    /// <summary>True on <c>null</c> (every object of a rule is optional); otherwise the value must be the object.</summary>
    public static bool IsNull(ref Utf8JsonReader reader, string path, JsonObjectFormat format)
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
    public static string? NextProperty(ref Utf8JsonReader reader, ref string path, string objectPath, JsonObjectFormat format)
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
            throw new JsonFormatException(path, $"unknown property '{name}'; the properties here are {string.Join(", ", format.Properties)}");
        }
        reader.Read();
        return name;
    }

    public static string? ReadString(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(string)),
    };

    public static int? ReadInt(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(int)),
    };

    public static double? ReadDouble(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDouble(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Expected(path, typeof(double)),
    };

    /// <summary>
    /// An object of string values (a value may be null, as System.Text.Json reads a dictionary of strings); the same
    /// key twice keeps the last value.
    /// </summary>
    public static ImmutableDictionary<string, string> ReadMap(ref Utf8JsonReader reader, ref string path, StringComparer comparer)
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

    public static JsonFormatException Expected(string path, Type type) =>
        new(path, $"expected {ScenarioJsonErrors.Describe(type)}");

    /// <summary>A property of a format that its reader does not handle: a defect in the reader, not in the document.</summary>
    public static InvalidOperationException Unhandled(string property) =>
        new($"The format lists '{property}' but its reader does not read it.");

    /// <summary>A property appended as System.Text.Json writes paths: <c>.name</c>, or <c>['odd name']</c> (nothing escaped).</summary>
    public static string Append(string path, string name) =>
        name.AsSpan().IndexOfAny(". '/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029") < 0 ? $"{path}.{name}" : $"{path}['{name}']";

    /// <summary>An object of numbers (a value may not be null); the same key twice keeps the last value in the first one's place.</summary>
    public static Dictionary<string, double>? ReadNumbers(ref Utf8JsonReader reader, ref string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Expected(path, typeof(Dictionary<string, double>));
        }
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var at = path;
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return numbers;
            }
            var key = reader.GetString()!;
            path = Append(at, key);
            reader.Read();
            numbers[key] = ReadDouble(ref reader, path) ?? throw Expected(path, typeof(double));
        }
    }
}

/// <summary>
/// A value not in the file format, found while a <see cref="JsonObjectFormat"/> is read by hand: where under the value
/// (<see cref="RelativePath"/>, appended to the value's own path that System.Text.Json fills into
/// <see cref="JsonException.Path"/>) and what is wrong. Thrown with
/// the reader at the offending value, so its line and column are the reader's, as for System.Text.Json's own errors.
/// </summary>
internal sealed class JsonFormatException : JsonException
{
    private readonly (long Line, long Column)? _position;

    /// <param name="relativePath">Below the value read by hand: <c>""</c>, <c>.respond.status</c>, <c>.match.query['odd key']</c>.</param>
    /// <param name="problem">What is wrong, in the scenario's terms.</param>
    /// <param name="locateValue">Located at the start of the value (as checks after reading are) rather than at the reader.</param>
    public JsonFormatException(string relativePath, string problem, bool locateValue = false)
        : base(problem)
    {
        RelativePath = relativePath;
        Problem = problem;
        LocateValue = locateValue;
    }

    private JsonFormatException(string relativePath, string problem, (long, long)? position, Exception inner)
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
    public static JsonFormatException Malformed(string relativePath, JsonException inner)
    {
        var message = inner.Message;
        var positionMark = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return new JsonFormatException(
            relativePath,
            positionMark > 0 ? message[..positionMark] : message,
            inner.LineNumber is { } line ? (line, inner.BytePositionInLine ?? 0) : null,
            inner);
    }

    /// <summary>The located scenario error, in the document <paramref name="json"/> the value was read from.</summary>
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
