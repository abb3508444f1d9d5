using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Shadowing;

/// <summary>One answer as captured: status, headers worth comparing, body bytes.</summary>
internal sealed record CapturedAnswer(int Status, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string[]>> Headers);

/// <summary>A difference found in one exchange: its kind, where in the answer, and both sides in short.</summary>
internal sealed record Difference(string Kind, string Path, string Upstream, string Fake)
{
    public (string Kind, string Path) Key => (Kind, Path);
}

/// <summary>
/// Compares the upstream's answer with the fake's after normalizing what must differ: ids are mapped (matched by
/// position in matched items: inboxes by address, pools by name), timestamps are compared by format only, dates inside
/// names (auto-created pools) are ignored. What is compared: status, error shape and message class, field sets and
/// JSON types, values, item sets and order, pagination.
/// </summary>
internal static partial class ResponseComparer
{
    public static List<Difference> Compare(CapturedAnswer upstream, CapturedAnswer fake, IdMap ids)
    {
        var differences = new List<Difference>();
        if (upstream.Status != fake.Status)
        {
            var kind = upstream.Status switch
            {
                429 => DifferenceKinds.RateLimited,
                >= 500 => DifferenceKinds.UpstreamError,
                _ => DifferenceKinds.Status,
            };
            differences.Add(new Difference(kind, "", StatusText(upstream), StatusText(fake)));
            return differences;
        }
        var upstreamJson = TryParse(upstream.Body);
        var fakeJson = TryParse(fake.Body);
        using (upstreamJson)
        using (fakeJson)
        {
            if (upstreamJson is null || fakeJson is null)
            {
                if (upstreamJson is null != fakeJson is null || !upstream.Body.AsSpan().SequenceEqual(fake.Body))
                {
                    differences.Add(new Difference(DifferenceKinds.Body, "", Short(upstream.Body), Short(fake.Body)));
                }
                return differences;
            }
            if (upstream.Status >= 400)
            {
                CompareErrors(upstreamJson.RootElement, fakeJson.RootElement, differences);
                return differences;
            }
            new Walker(ids, differences).Walk(upstreamJson.RootElement, fakeJson.RootElement, "");
        }
        return Deduplicate(differences);
    }

    private static void CompareErrors(JsonElement upstream, JsonElement fake, List<Difference> differences)
    {
        var upstreamShape = ErrorShape(upstream);
        var fakeShape = ErrorShape(fake);
        if (upstreamShape != fakeShape)
        {
            differences.Add(new Difference(DifferenceKinds.ErrorShape, "", upstreamShape, fakeShape));
            return;
        }
        if (upstream.ValueKind == JsonValueKind.Object && upstream.TryGetProperty("error", out var u) && u.ValueKind == JsonValueKind.String
            && fake.TryGetProperty("error", out var f) && f.ValueKind == JsonValueKind.String)
        {
            var upstreamMessage = u.GetString()!;
            var fakeMessage = f.GetString()!;
            if (MessageClass(upstreamMessage) != MessageClass(fakeMessage))
            {
                differences.Add(new Difference(DifferenceKinds.ErrorMessage, "error", upstreamMessage, fakeMessage));
            }
        }
    }

    /// <summary>{"error": string, "details": array} as the documentation has it, or what is different about it.</summary>
    private static string ErrorShape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}";
        }
        var fields = string.Join(", ", root.EnumerateObject().Select(p => $"{p.Name}: {KindName(p.Value)}").Order(StringComparer.Ordinal));
        return "{" + fields + "}";
    }

    /// <summary>
    /// A message with its particulars (ids, addresses, numbers, quoted text) blanked: two messages of one class say the
    /// same thing about different input.
    /// </summary>
    internal static string MessageClass(string message)
    {
        var text = message.Trim().ToLowerInvariant();
        text = QuotedText().Replace(text, "<text>");
        text = Email().Replace(text, "<email>");
        text = ObjectIdText().Replace(text, "<id>");
        text = Number().Replace(text, "<n>");
        return text.TrimEnd('.');
    }

    private static string StatusText(CapturedAnswer answer)
    {
        var text = answer.Status.ToString(CultureInfo.InvariantCulture);
        var retryAfter = answer.Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
        if (retryAfter is { Length: > 0 })
        {
            text += $" (Retry-After: {retryAfter[0]})";
        }
        using var json = TryParse(answer.Body);
        if (json?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
        {
            text += $" \"{error.GetString()}\"";
        }
        return text;
    }

    private static List<Difference> Deduplicate(List<Difference> differences)
    {
        var seen = new HashSet<(string, string)>();
        return [.. differences.Where(d => seen.Add(d.Key))];
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Short(byte[] body) => Short(System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)));

    internal static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string KindName(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Undefined => "nothing",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex("""^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$""")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex Date();

    [GeneratedRegex("""'[^']*'|"[^"]*"|`[^`]*`""")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"[^\s@'""]+@[^\s@'""]+")]
    private static partial Regex Email();

    [GeneratedRegex("[0-9a-f]{24}")]
    private static partial Regex ObjectIdText();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    /// <summary>Walks both JSON trees in step; array items are matched by address or name when every item has a unique one.</summary>
    private sealed class Walker(IdMap ids, List<Difference> differences)
    {
        public void Walk(JsonElement upstream, JsonElement fake, string path)
        {
            var upstreamKind = KindName(upstream);
            var fakeKind = KindName(fake);
            if (upstreamKind != fakeKind)
            {
                Add(DifferenceKinds.Type, path, upstreamKind, fakeKind);
                return;
            }
            switch (upstream.ValueKind)
            {
                case JsonValueKind.Object:
                    WalkObject(upstream, fake, path);
                    break;
                case JsonValueKind.Array:
                    WalkArray(upstream, fake, path);
                    break;
                case JsonValueKind.String:
                    CompareStrings(upstream.GetString()!, fake.GetString()!, path);
                    break;
                case JsonValueKind.Number:
                    if (upstream.GetRawText() != fake.GetRawText())
                    {
                        Add(ValueKind(path), path, upstream.GetRawText(), fake.GetRawText());
                    }
                    break;
                default:
                    if (upstream.ValueKind != fake.ValueKind)
                    {
                        Add(ValueKind(path), path, upstream.GetRawText(), fake.GetRawText());
                    }
                    break;
            }
        }

        private void WalkObject(JsonElement upstream, JsonElement fake, string path)
        {
            foreach (var property in upstream.EnumerateObject())
            {
                var child = Join(path, property.Name);
                if (fake.TryGetProperty(property.Name, out var other))
                {
                    Walk(property.Value, other, child);
                }
                else
                {
                    Add(DifferenceKinds.ExtraField, child, Short(property.Value.GetRawText()), "(absent)");
                }
            }
            foreach (var property in fake.EnumerateObject())
            {
                if (!upstream.TryGetProperty(property.Name, out _))
                {
                    Add(DifferenceKinds.MissingField, Join(path, property.Name), "(absent)", Short(property.Value.GetRawText()));
                }
            }
        }

        private void WalkArray(JsonElement upstream, JsonElement fake, string path)
        {
            var itemPath = path + "[]";
            var upstreamItems = upstream.EnumerateArray().ToList();
            var fakeItems = fake.EnumerateArray().ToList();
            if (Keys(upstreamItems) is { } upstreamKeys && Keys(fakeItems) is { } fakeKeys)
            {
                var fakeByKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < fakeKeys.Count; i++)
                {
                    fakeByKey[fakeKeys[i]] = i;
                }
                var matchedFakeOrder = new List<int>();
                for (var i = 0; i < upstreamItems.Count; i++)
                {
                    if (fakeByKey.Remove(upstreamKeys[i], out var index))
                    {
                        matchedFakeOrder.Add(index);
                        Walk(upstreamItems[i], fakeItems[index], itemPath);
                    }
                    else
                    {
                        Add(DifferenceKinds.ExtraItem, itemPath, upstreamKeys[i], "(absent)");
                    }
                }
                foreach (var key in fakeByKey.Keys)
                {
                    Add(DifferenceKinds.MissingItem, itemPath, "(absent)", key);
                }
                for (var i = 1; i < matchedFakeOrder.Count; i++)
                {
                    if (matchedFakeOrder[i] < matchedFakeOrder[i - 1])
                    {
                        Add(DifferenceKinds.Order, itemPath, string.Join(", ", upstreamKeys.Take(5)), string.Join(", ", fakeKeys.Take(5)));
                        break;
                    }
                }
                return;
            }
            for (var i = 0; i < Math.Min(upstreamItems.Count, fakeItems.Count); i++)
            {
                Walk(upstreamItems[i], fakeItems[i], itemPath);
            }
            if (upstreamItems.Count != fakeItems.Count)
            {
                Add(upstreamItems.Count > fakeItems.Count ? DifferenceKinds.ExtraItem : DifferenceKinds.MissingItem, itemPath,
                    upstreamItems.Count.ToString(CultureInfo.InvariantCulture) + " items", fakeItems.Count.ToString(CultureInfo.InvariantCulture) + " items");
            }
        }

        /// <summary>Each item's address (inboxes, batch results) or name (pools), when every item has one and none repeats.</summary>
        private static List<string>? Keys(List<JsonElement> items)
        {
            if (items.Count == 0 || items[0].ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var field = items[0].TryGetProperty("emailAddress", out _) ? "emailAddress" : items[0].TryGetProperty("name", out _) ? "name" : null;
            if (field is null)
            {
                return null;
            }
            var keys = new List<string>(items.Count);
            var unique = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String
                    || !unique.Add(Date().Replace(value.GetString()!, "<date>")))
                {
                    return null;
                }
                keys.Add(Date().Replace(value.GetString()!, "<date>"));
            }
            return keys;
        }

        private void CompareStrings(string upstream, string fake, string path)
        {
            if (DeepLeadSnapshot.IsObjectId(upstream) && DeepLeadSnapshot.IsObjectId(fake))
            {
                if (!ids.Bind(upstream, fake))
                {
                    Add(ValueKind(path), path, upstream, fake);
                }
                return;
            }
            var upstreamTime = Timestamp().Match(upstream);
            var fakeTime = Timestamp().Match(fake);
            if (upstreamTime.Success && fakeTime.Success)
            {
                // The values must differ (the fake's clock is not production's); their format must not.
                if (upstreamTime.Groups[1].Length != fakeTime.Groups[1].Length || upstreamTime.Groups[2].Value != fakeTime.Groups[2].Value)
                {
                    Add(DifferenceKinds.TimestampPrecision, path, upstream, fake);
                }
                return;
            }
            if (!string.Equals(Date().Replace(upstream, "<date>"), Date().Replace(fake, "<date>"), StringComparison.Ordinal))
            {
                Add(ValueKind(path), path, upstream, fake);
            }
        }

        private static string ValueKind(string path) =>
            path.StartsWith("pagination", StringComparison.Ordinal) ? DifferenceKinds.Pagination : DifferenceKinds.Value;

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        private void Add(string kind, string path, string upstream, string fake) => differences.Add(new Difference(kind, path, upstream, fake));
    }
}

/// <summary>Upstream ids and the fake's, paired as they are first seen in the same place of two matched answers.</summary>
internal sealed class IdMap
{
    private readonly Dictionary<string, string> _toFake = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _toUpstream = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Pairs the two ids, or tells whether they were already paired with each other.</summary>
    public bool Bind(string upstream, string fake)
    {
        if (_toFake.TryGetValue(upstream, out var knownFake))
        {
            return string.Equals(knownFake, fake, StringComparison.OrdinalIgnoreCase);
        }
        if (_toUpstream.ContainsKey(fake))
        {
            return false;
        }
        _toFake[upstream] = fake;
        _toUpstream[fake] = upstream;
        return true;
    }

    /// <summary>The fake's id for an upstream id (the same id when never paired: a snapshot keeps ids).</summary>
    public string ToFake(string upstream) => _toFake.GetValueOrDefault(upstream, upstream);
}

/// <summary>The kinds of difference a shadow report groups by.</summary>
public static class DifferenceKinds
{
    public const string Status = "status";
    public const string RateLimited = "rateLimited";
    public const string UpstreamError = "upstreamError";
    public const string ErrorShape = "errorShape";
    public const string ErrorMessage = "errorMessage";
    public const string Body = "body";
    public const string Type = "type";
    public const string ExtraField = "extraField";
    public const string MissingField = "missingField";
    public const string ExtraItem = "extraItem";
    public const string MissingItem = "missingItem";
    public const string Order = "order";
    public const string Value = "value";
    public const string Pagination = "pagination";
    public const string TimestampPrecision = "timestampPrecision";
    public const string UpstreamUnreachable = "upstreamUnreachable";
}
