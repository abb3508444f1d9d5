using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Contract;

/// <summary>Schemas and values in words, for drift messages: "integer &gt;= 0", "string matching ^[0-9a-f]{24}$", ...</summary>
internal static class SchemaText
{
    private const string DefsPrefix = "#/$defs/";
    private const int ValueExcerptLength = 80;

    public static string? RefName(JsonNode? schema) =>
        schema is JsonObject obj && obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference)
            && reference.StartsWith(DefsPrefix, StringComparison.Ordinal)
            ? reference[DefsPrefix.Length..]
            : null;

    public static JsonNode? Resolve(JsonNode? schema, JsonObject defs)
    {
        for (var hops = 0; hops < 32 && RefName(schema) is { } name; hops++)
        {
            schema = defs[name];
        }
        return schema;
    }

    public static string Describe(JsonNode? schema, JsonObject defs, int depth = 0)
    {
        if (schema is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
        {
            return allowed ? "any value" : "no value";
        }
        if (schema is not JsonObject obj)
        {
            return "any value";
        }
        if (RefName(obj) is { } name)
        {
            var target = Resolve(obj, defs);
            if (target is JsonObject targetObject && TypeNames(targetObject).SequenceEqual(["object"]))
            {
                return $"object {name}";
            }
            return depth > 4 ? name : $"{Describe(target, defs, depth + 1)} ({name})";
        }
        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (obj[combinator] is JsonArray alternatives)
            {
                return string.Join(" or ", alternatives.Select(a => Describe(a, defs, depth + 1)));
            }
        }
        if (obj["const"] is { } constant)
        {
            return $"exactly {constant.ToJsonString()}";
        }
        if (obj["enum"] is JsonArray values)
        {
            return "one of " + string.Join(", ", values.Select(v => v?.ToJsonString() ?? "null"));
        }

        var types = TypeNames(obj);
        if (types.Count == 0)
        {
            return "any value";
        }
        return string.Join(" or ", types.Select(type => DescribeType(type, obj, defs, depth)));
    }

    public static List<string> TypeNames(JsonObject schema) => schema["type"] switch
    {
        JsonValue single when single.TryGetValue<string>(out var type) => [type],
        JsonArray many => [.. many.Select(t => t?.GetValue<string>() ?? "null")],
        _ => [],
    };

    private static string DescribeType(string type, JsonObject schema, JsonObject defs, int depth)
    {
        switch (type)
        {
            case "integer":
            case "number":
                var minimum = schema["minimum"]?.ToJsonString();
                var maximum = schema["maximum"]?.ToJsonString();
                return (minimum, maximum) switch
                {
                    (not null, not null) => $"{type} from {minimum} to {maximum}",
                    (not null, null) => $"{type} >= {minimum}",
                    (null, not null) => $"{type} <= {maximum}",
                    _ => type,
                };
            case "string":
                var parts = new List<string>();
                if (schema["format"] is JsonValue format)
                {
                    parts.Add($"{format.GetValue<string>()} string");
                }
                else
                {
                    parts.Add("string");
                }
                if (schema["pattern"] is JsonValue pattern)
                {
                    parts.Add($"matching {pattern.GetValue<string>()}");
                }
                if (schema["minLength"] is JsonValue minLength && minLength.ToJsonString() != "0")
                {
                    parts.Add(minLength.ToJsonString() == "1" ? "not empty" : $"at least {minLength.ToJsonString()} characters");
                }
                return string.Join(" ", parts);
            case "array":
                var items = schema["items"] is { } itemSchema && depth < 4 ? " of " + Describe(itemSchema, defs, depth + 1) : "";
                return $"array{items}";
            case "object":
                return "object";
            default:
                return type;
        }
    }

    /// <summary>A value in words: <c>string "3"</c>, <c>number 3</c>, <c>null</c>, <c>object {...}</c>.</summary>
    public static string DescribeValue(JsonElement? value)
    {
        if (value is not { } element)
        {
            return "nothing";
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => $"string {Truncate(JsonSerializer.Serialize(element.GetString()))}",
            JsonValueKind.Number => $"number {element.GetRawText()}",
            JsonValueKind.True => "boolean true",
            JsonValueKind.False => "boolean false",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => $"array of {element.GetArrayLength().ToString(CultureInfo.InvariantCulture)} item(s) {Truncate(element.GetRawText())}",
            JsonValueKind.Object => $"object {Truncate(element.GetRawText())}",
            _ => element.ValueKind.ToString(),
        };
    }

    public static string JsonTypeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => element.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "nothing",
    };

    private static string Truncate(string text) =>
        text.Length <= ValueExcerptLength ? text : string.Concat(text.AsSpan(0, ValueExcerptLength), "...");
}
