using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// Says a System.Text.Json failure in the scenario file's terms. Its messages name CLR types (and, with
/// source-generated metadata, the enclosing type rather than the wrongly typed property's), so what was expected is
/// read from the metadata instead: the failing JSON path is walked from the root type to the value's type. Nothing
/// here knows a scenario type by name, so renamed or new types need no change.
/// </summary>
internal static partial class ScenarioJsonErrors
{
    private const string Timestamp = "a timestamp (ISO-8601, e.g. 2024-01-15T10:30:00Z)";

    [GeneratedRegex(@"^The JSON value could not be converted to ")]
    private static partial Regex WrongValue();

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped to any \.NET member contained in type ")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^JSON deserialization for type '[^']*' was missing required properties(?<rest>.*?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"doesn't allow (setting |getting )?null values")]
    private static partial Regex NullNotAllowed();

    /// <param name="exception">What System.Text.Json threw; its <see cref="JsonException.Path"/> is relative to <paramref name="root"/>.</param>
    /// <param name="root">The metadata of the type the document was read as.</param>
    public static string Explain(JsonException exception, JsonTypeInfo root)
    {
        var message = exception.Message;
        var pathMark = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (pathMark > 0)
        {
            message = message[..pathMark];
        }
        var segments = exception.Path is { } path ? Segments(path) : null;
        var at = segments is null ? null : Walk(root, segments);
        if (at is not null && (WrongValue().IsMatch(message) || NullNotAllowed().IsMatch(message)))
        {
            return $"expected {Describe(at)}";
        }
        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            var parent = segments is { Count: > 0 } ? Walk(root, segments[..^1]) : null;
            return parent is { Kind: JsonTypeInfoKind.Object, Properties.Count: > 0 }
                ? $"unknown property '{unknown.Groups["name"].Value}'; the properties here are {string.Join(", ", parent.Properties.Select(p => p.Name))}"
                : $"unknown property '{unknown.Groups["name"].Value}'";
        }
        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"missing required properties{missing.Groups["rest"].Value}";
        }
        return WithoutTypeNames(message, root);
    }

    /// <summary>Any message not recognised above still names no CLR type of the scenario model.</summary>
    private static string WithoutTypeNames(string message, JsonTypeInfo root)
    {
        var seen = new Dictionary<Type, JsonTypeInfo>();
        var pending = new Stack<JsonTypeInfo>([root]);
        while (pending.TryPop(out var info))
        {
            if (!seen.TryAdd(info.Type, info))
            {
                continue;
            }
            foreach (var property in info.Properties)
            {
                pending.Push(info.Options.GetTypeInfo(property.PropertyType));
            }
            if (info.ElementType is { } element)
            {
                pending.Push(info.Options.GetTypeInfo(element));
            }
        }
        // Longest first: a generic type's name contains its arguments' names.
        foreach (var (type, info) in seen.OrderByDescending(pair => pair.Key.ToString()!.Length))
        {
            message = message.Replace(type.ToString()!, Describe(info), StringComparison.Ordinal);
        }
        return message;
    }

    /// <summary>The value's type at a path, or null when the path leaves the metadata (a JSON element's inside, say).</summary>
    private static JsonTypeInfo? Walk(JsonTypeInfo root, IReadOnlyList<Segment> segments)
    {
        var info = root;
        foreach (var segment in segments)
        {
            Type? next = (info.Kind, segment.Index) switch
            {
                (JsonTypeInfoKind.Enumerable, not null) => info.ElementType,
                (JsonTypeInfoKind.Dictionary, null) => info.ElementType,
                (JsonTypeInfoKind.Object, null) => info.Properties.FirstOrDefault(p => p.Name == segment.Name)?.PropertyType,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }
            info = info.Options.GetTypeInfo(next);
        }
        return info;
    }

    private readonly record struct Segment(string? Name, int? Index);

    [GeneratedRegex(@"\G(?:\.(?<name>[^.\[]+)|\['(?<name>.*?)'\]|\[(?<index>[0-9]+)\])")]
    private static partial Regex PathSegment();

    /// <summary>System.Text.Json's paths: <c>$</c>, then <c>.name</c>, <c>['odd.name']</c> or <c>[3]</c>; null for any other shape.</summary>
    private static List<Segment>? Segments(string path)
    {
        if (!path.StartsWith('$'))
        {
            return null;
        }
        var segments = new List<Segment>();
        var next = 1;
        for (var match = PathSegment().Match(path, next); match.Success; match = match.NextMatch())
        {
            segments.Add(match.Groups["index"].Success ? new Segment(null, int.Parse(match.Groups["index"].ValueSpan)) : new Segment(match.Groups["name"].Value, null));
            next = match.Index + match.Length;
        }
        return next == path.Length ? segments : null;
    }

    /// <summary>What a value of this type looks like in a scenario file, for messages of readers written by hand.</summary>
    public static string Describe(Type type) => Describe(ScenarioLoader.Options.GetTypeInfo(type));

    /// <summary>What a value of this type looks like in a scenario file.</summary>
    private static string Describe(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type.IsEnum)
        {
            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? ScenarioLoader.EnumNaming.ConvertName(field.Name))
                .ToList();
            return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return Timestamp;
        }
        if (type == typeof(JsonElement))
        {
            return "a JSON value";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ => info.Kind switch
            {
                JsonTypeInfoKind.Enumerable => $"an array of {Plural(info.Options.GetTypeInfo(info.ElementType!))}",
                JsonTypeInfoKind.Dictionary => $"an object whose values are {Plural(info.Options.GetTypeInfo(info.ElementType!))}",
                JsonTypeInfoKind.Object => $"an object with the properties {string.Join(", ", info.Properties.Select(p => p.Name))}",
                _ => "a JSON value",
            },
        };
    }

    /// <summary>"an integer" → "integers"; a composite element is only named by its kind.</summary>
    private static string Plural(JsonTypeInfo element) => Describe(element) switch
    {
        "a string" => "strings",
        "an integer" => "integers",
        "a number" => "numbers",
        Timestamp => "timestamps (ISO-8601)",
        _ when element.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "objects",
        _ when element.Kind is JsonTypeInfoKind.Enumerable => "arrays",
        var single => $"values: {single}",
    };
}
