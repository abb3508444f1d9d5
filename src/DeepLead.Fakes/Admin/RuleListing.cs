using System.Collections.Immutable;
using System.Text.Json;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Admin;

/// <summary>Active rules written back in the scenario file's rule format, for admin listings.</summary>
internal static class RuleListing
{
    /// <summary>The scenario options, leaving out what is not set: how a file writes a rule.</summary>
    internal static readonly JsonSerializerOptions WriteOptions = new(ScenarioLoader.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// A rule as a file's rule object: optional values left out, <c>match</c> always written, a delay as
    /// <c>minMs</c>/<c>maxMs</c>, maps sorted (an immutable dictionary's own order differs from run to run).
    /// </summary>
    public static RuleFile ToFile(FakeRule rule) => new()
    {
        Name = rule.Name,
        Match = new MatchFile { Method = rule.Method, Path = rule.Path, Query = Sorted(rule.Query), Body = Sorted(rule.Body), ApiKey = rule.ApiKey },
        Respond = rule.Response is { } response
            ? new RespondFile
            {
                Status = response.Status,
                Error = response.Error,
                Body = response.BodyJson is { } body ? ParseBody(body) : null,
                Headers = Sorted(response.Headers),
            }
            : null,
        Delay = rule.Delay is { } delay ? new ScenarioDelay { MinMs = (int)delay.Min.TotalMilliseconds, MaxMs = (int)delay.Max.TotalMilliseconds } : null,
        Fault = rule.Fault,
        FailItem = rule.ItemFailure is { } failure ? new FailItemFile { Status = failure.Status, Error = failure.Error } : null,
        FailConnectionTest = rule.ConnectionTestFailure,
        Times = rule.Count,
        Probability = rule.Probability,
    };

    /// <summary>Writes rules as a JSON array in the scenario file's rule format.</summary>
    public static void Write(Utf8JsonWriter json, IEnumerable<FakeRule> rules) =>
        JsonSerializer.Serialize(json, rules.Select(ToFile).ToList(), WriteOptions);

    private static JsonElement ParseBody(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static Dictionary<string, string?>? Sorted(ImmutableDictionary<string, string> map) =>
        map.Count == 0 ? null : map.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => (string?)pair.Value, StringComparer.Ordinal);
}
