using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Verify;

/// <summary>"Every rule used": the rules in force that never fired since the start or the last reset, each described.</summary>
internal static class RuleVerification
{
    public static void ThrowIfAnyUnused(IReadOnlyList<RuleUsage> usage)
    {
        var unused = usage.Where(u => u.Used == 0).ToList();
        if (unused.Count == 0)
        {
            return;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Expected every rule to be used; {unused.Count} of {usage.Count} never fired:");
        foreach (var rule in unused)
        {
            text.Append("\n  ").Append(Describe(rule));
        }
        throw new FakeVerificationException(text.ToString(), usage.Count - unused.Count, []);
    }

    /// <summary><c>#2 "outage": GET /pools where query outage = "1" -> respond 503 (2 times)</c>.</summary>
    public static string Describe(RuleUsage usage)
    {
        var rule = usage.Rule;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{usage.Index + 1} ");
        if (rule.Name is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\"{rule.Name}\": ");
        }
        text.Append(rule.Method ?? "any method").Append(' ').Append(rule.Path is { } path ? RuleSet.NormalizePath(path) : "any path");
        var conditions = rule.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"query {q.Key} = \"{q.Value}\"")
            .Concat(rule.Body.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key} = \"{b.Value}\""))
            .ToList();
        if (conditions.Count > 0)
        {
            text.Append(" where ").AppendJoin(", ", conditions);
        }
        var actions = new List<string>();
        if (rule.Delay is { } delay)
        {
            actions.Add($"delay {delay.Min.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        }
        if (rule.Response is { } response)
        {
            actions.Add($"respond {response.Status.ToString(CultureInfo.InvariantCulture)}");
        }
        if (rule.Fault is { } fault)
        {
            actions.Add($"break ({JsonNamingPolicy.CamelCase.ConvertName(fault.ToString())})");
        }
        if (rule.ItemFailure is { } failure)
        {
            actions.Add($"fail items {failure.Status.ToString(CultureInfo.InvariantCulture)}");
        }
        if (rule.ConnectionTestFailure is not null)
        {
            actions.Add("fail the connection test");
        }
        text.Append(" -> ").AppendJoin(", ", actions);
        if (rule.Count is { } count)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({count} {(count == 1 ? "time" : "times")})");
        }
        return text.ToString();
    }
}
