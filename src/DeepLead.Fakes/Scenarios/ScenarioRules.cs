using System.Collections.Immutable;
using System.Text.Json;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Scenarios;

/// <summary>Scenario rules to <see cref="FakeRule"/>s and back: one model, two spellings.</summary>
internal static class ScenarioRules
{
    public static FakeRule ToRule(ScenarioRule rule, LoadedScenario layer, string path)
    {
        var match = rule.Match ?? new ScenarioMatch();
        FakeDelay? delay = null;
        if (rule.Delay is { } d)
        {
            if (d.Ms is not null && (d.MinMs is not null || d.MaxMs is not null))
            {
                throw layer.Error($"{path}.delay", "give either ms or minMs and maxMs, not both");
            }
            if (d.Ms is null && (d.MinMs is null || d.MaxMs is null))
            {
                throw layer.Error($"{path}.delay", "needs ms, or both minMs and maxMs");
            }
            delay = d.Ms is { } ms
                ? new FakeDelay(TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms))
                : new FakeDelay(TimeSpan.FromMilliseconds(d.MinMs!.Value), TimeSpan.FromMilliseconds(d.MaxMs!.Value));
        }
        var fakeRule = new FakeRule
        {
            Name = rule.Name,
            Method = match.Method,
            Path = match.Path,
            Query = match.Query?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            Body = match.Body?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            ApiKey = match.ApiKey,
            Response = rule.Respond is { } r
                ? new FakeResponse(r.Status)
                {
                    Error = r.Error,
                    BodyJson = r.Body?.GetRawText(),
                    Headers = r.Headers?.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase) ?? ImmutableDictionary<string, string>.Empty,
                }
                : null,
            Delay = delay,
            Fault = rule.Fault,
            ItemFailure = rule.FailItem is { } f ? new FakeItemFailure(f.Status ?? 500, f.Error) : null,
            ConnectionTestFailure = rule.FailConnectionTest,
            Count = rule.Times,
            Probability = rule.Probability,
        };
        var problems = RuleValidation.Problems(fakeRule);
        if (problems.Count > 0)
        {
            var (property, message) = problems[0];
            var at = property == "rule" ? path : $"{path}.{property}";
            throw layer.Error(at, message);
        }
        return fakeRule;
    }

    public static ScenarioRule FromRule(FakeRule rule) => new()
    {
        Name = rule.Name,
        Match = new ScenarioMatch
        {
            Method = rule.Method,
            Path = rule.Path,
            Query = rule.Query.Count > 0 ? new Dictionary<string, string>(rule.Query) : null,
            Body = rule.Body.Count > 0 ? new Dictionary<string, string>(rule.Body) : null,
            ApiKey = rule.ApiKey,
        },
        Respond = rule.Response is { } r
            ? new ScenarioRespond
            {
                Status = r.Status,
                Error = r.Error,
                Body = r.BodyJson is { } json ? System.Text.Json.JsonDocument.Parse(json).RootElement.Clone() : null,
                Headers = r.Headers.Count > 0 ? new Dictionary<string, string>(r.Headers) : null,
            }
            : null,
        Delay = rule.Delay is { } d
            ? new ScenarioDelay { MinMs = (int)d.Min.TotalMilliseconds, MaxMs = (int)d.Max.TotalMilliseconds }
            : null,
        Fault = rule.Fault,
        FailItem = rule.ItemFailure is { } f ? new ScenarioFailItem { Status = f.Status, Error = f.Error } : null,
        FailConnectionTest = rule.ConnectionTestFailure,
        Times = rule.Count,
        Probability = rule.Probability,
    };

    /// <summary>
    /// One rule (an object) or several (an array), in the scenario file's rule format, all checked before any is used.
    /// </summary>
    /// <exception cref="ScenarioException">Where the first problem is (JSON path, line, column) and what it is.</exception>
    public static List<FakeRule> ParseMany(byte[] body, string origin)
    {
        var layer = new LoadedScenario(new ScenarioModel(), origin, body);
        var kind = FirstToken(body);
        List<ScenarioRule?> parsed;
        try
        {
            parsed = kind switch
            {
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<ScenarioRule>(body, ScenarioLoader.Options)],
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<ScenarioRule?>>(body, ScenarioLoader.Options) ?? [],
                _ => throw new ScenarioException(origin, "$", 1, 1, "expected a rule object, or an array of rule objects"),
            };
        }
        catch (JsonException exception)
        {
            throw new ScenarioException(origin, exception.Path, exception.LineNumber + 1, exception.BytePositionInLine + 1, ScenarioLoader.Explain(exception), exception);
        }
        if (parsed.Count == 0)
        {
            throw new ScenarioException(origin, "$", 1, 1, "the array is empty: give at least one rule");
        }
        var rules = new List<FakeRule>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            var path = kind == JsonTokenType.StartArray ? $"$[{i}]" : "$";
            rules.Add(parsed[i] is { } rule ? ToRule(rule, layer, path) : throw layer.Error(path, "expected a rule object, found null"));
        }
        return rules;
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
}
