using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Contract;

/// <summary>JSON Pointer (RFC 6901) helpers over <see cref="JsonNode"/> and <see cref="JsonElement"/>.</summary>
internal static class Pointers
{
    public static string[] Segments(string pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw new FormatException($"'{pointer}' is not a JSON pointer.");
        }
        return [.. pointer[1..].Split('/').Select(Unescape)];
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Resolves <c>#/a/b</c> (a URI fragment holding a JSON pointer) in a document; null when it does not resolve.</summary>
    public static JsonNode? ResolveFragment(JsonNode document, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null; // Only local references are part of this contract.
        }
        JsonNode? node = document;
        foreach (var segment in Segments(Uri.UnescapeDataString(reference[1..])))
        {
            node = Child(node, segment);
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    public static JsonNode? Child(JsonNode? node, string segment) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(segment, out var value) ? value : null,
        JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
        _ => null,
    };

    public static JsonElement? Evaluate(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var property))
            {
                current = property;
            }
            else if (current.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }
}
