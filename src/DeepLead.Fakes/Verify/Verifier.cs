using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLead.Fakes.Journal;

namespace DeepLead.Fakes.Verify;

/// <summary>
/// Compares journal entries with a <see cref="FakeCallMatch"/>, difference by difference, and writes the failure
/// messages: what was expected, how many calls matched, and the closest calls with what differs, nearest first.
/// </summary>
internal static class Verifier
{
    /// <summary>At most this many near misses are shown: enough to spot a typo, short enough to read.</summary>
    public const int ClosestShown = 3;

    public static void ThrowIfUnverifiable(FakeCallMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        foreach (var field in match.Fields.Keys)
        {
            if (BodyRedaction.IsSecret(field))
            {
                throw new ArgumentException($"'{field}' looks like a secret: the journal masks it, so a call cannot be verified by it.", nameof(match));
            }
        }
    }

    /// <summary>Every way <paramref name="call"/> differs from <paramref name="match"/>; empty when it matches. The weight ranks near misses.</summary>
    public static (List<string> Differences, double Weight) Compare(FakeCallMatch match, FakeCall call)
    {
        var differences = new List<string>();
        var weight = 0.0;
        if (!string.Equals(match.Method, call.Method, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"method: expected {match.Method}, was {call.Method}");
            weight += 2;
        }
        if (!string.Equals(match.Path, call.Path, StringComparison.Ordinal))
        {
            differences.Add($"path: expected {match.Path}, was {call.Path}");
            weight += 2 + Unlike(match.Path, call.Path);
        }
        if (match.Query.Count > 0)
        {
            var query = Pipeline.QueryString.Parse(call.Query).Values;
            foreach (var (name, expected) in match.Query)
            {
                if (!query.TryGetValue(name, out var actual))
                {
                    differences.Add($"query {name}: expected \"{expected}\", was not given");
                    weight++;
                }
                else if (!string.Equals(expected, actual, StringComparison.Ordinal))
                {
                    differences.Add($"query {name}: expected \"{expected}\", was \"{actual}\"");
                    weight += 0.5 + Unlike(expected, actual);
                }
            }
        }
        if (match.Fields.Count > 0)
        {
            var (fieldDifferences, fieldWeight) = FieldDifferences(match, call.RequestBody);
            differences.AddRange(fieldDifferences);
            weight += fieldWeight;
        }
        if (match.ApiKey is { } key && !string.Equals(Protocol.Redaction.ApiKey(key), call.ApiKey, StringComparison.Ordinal))
        {
            differences.Add($"key: expected {Protocol.Redaction.ApiKey(key)}, was {call.ApiKey ?? "none"}");
            weight++;
        }
        if (match.Status is { } status && status != call.Status)
        {
            differences.Add($"status: expected {status.ToString(CultureInfo.InvariantCulture)}, was {Status(call)}");
            weight++;
        }
        return (differences, weight);
    }

    public static bool Matches(FakeCallMatch match, FakeCall call) => Compare(match, call).Differences.Count == 0;

    /// <summary>The body's differences from the expected fields: of a batch, those of the item that differs least.</summary>
    private static (List<string> Differences, double Weight) FieldDifferences(FakeCallMatch match, string? body)
    {
        if (body is null || body.StartsWith('<'))
        {
            return ([.. match.Fields.Select(f => $"{f.Key}: expected \"{f.Value}\", the call had {(body is null ? "no body" : "a body not kept as JSON")}")], match.Fields.Count);
        }
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
        List<string>? best = null;
        var bestWeight = double.MaxValue;
        foreach (var item in items)
        {
            var differences = new List<string>();
            var weight = 0.0;
            foreach (var (name, expected) in match.Fields)
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
                {
                    differences.Add($"{name}: expected \"{expected}\", was not given");
                    weight++;
                    continue;
                }
                var actual = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                {
                    differences.Add($"{name}: expected \"{expected}\", was \"{actual}\"");
                    weight += 0.5 + Unlike(expected, actual);
                }
            }
            if (weight < bestWeight)
            {
                (best, bestWeight) = (differences, weight);
            }
        }
        return (best ?? [], best is null ? 0 : bestWeight);
    }

    /// <summary>How unlike two values are, 0 to 0.5: a typo ranks a call nearer than a different value.</summary>
    private static double Unlike(string expected, string actual) =>
        0.5 * Router.RouteHints.CharDistance(expected, actual) / Math.Max(1, Math.Max(expected.Length, actual.Length));

    public static List<FakeNearMiss> Closest(FakeCallMatch match, IEnumerable<FakeCall> calls) =>
        [.. calls
            .Select(call => (Call: call, Result: Compare(match, call)))
            .Where(c => c.Result.Differences.Count > 0)
            .OrderBy(c => c.Result.Weight)
            .ThenByDescending(c => c.Call.Sequence)
            .Take(ClosestShown)
            .Select(c => new FakeNearMiss(c.Call, c.Result.Differences))];

    public static string Status(FakeCall call) =>
        call.Abandoned ? "abandoned" : call.Fault is { } fault ? JsonNamingPolicy.CamelCase.ConvertName(fault.ToString()) : call.Status.ToString(CultureInfo.InvariantCulture);

    public static string Line(FakeCall call) =>
        $"#{call.Sequence.ToString(CultureInfo.InvariantCulture)} {call.Method} {call.Path}{(call.Query.Length > 0 ? "?" + call.Query : "")} -> {Status(call)}";

    public static void AppendClosest(StringBuilder text, IReadOnlyList<FakeNearMiss> closest, int kept)
    {
        if (kept == 0)
        {
            text.Append("\nThe journal holds no calls.");
            return;
        }
        if (closest.Count == 0)
        {
            return;
        }
        text.Append(CultureInfo.InvariantCulture, $"\nClosest calls (of {kept} kept):");
        foreach (var miss in closest)
        {
            text.Append("\n  ").Append(Line(miss.Call));
            foreach (var difference in miss.Differences)
            {
                text.Append("\n      ").Append(difference);
            }
        }
    }

    public static string Times(int? times) => times switch
    {
        null => "at least 1 call",
        1 => "exactly 1 call",
        { } n => $"exactly {n.ToString(CultureInfo.InvariantCulture)} calls",
    };
}
