using System.Collections.Immutable;
using System.Text.Json;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Scenarios;

/// <summary>A scenario file's rule object as the file spells it, read by System.Text.Json like the rest of the file.</summary>
internal sealed record RuleFile
{
    public string? Name { get; init; }
    public MatchFile? Match { get; init; }
    public RespondFile? Respond { get; init; }
    public ScenarioDelay? Delay { get; init; }
    public FakeFault? Fault { get; init; }
    public FailItemFile? FailItem { get; init; }
    public string? FailConnectionTest { get; init; }
    public int? Times { get; init; }
    public double? Probability { get; init; }
}

internal sealed record MatchFile
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    public Dictionary<string, string?>? Query { get; init; }
    public Dictionary<string, string?>? Body { get; init; }
    public string? ApiKey { get; init; }
}

internal sealed record RespondFile
{
    public required int Status { get; init; }
    public string? Error { get; init; }
    public JsonElement? Body { get; init; }
    public Dictionary<string, string?>? Headers { get; init; }
}

internal sealed record FailItemFile
{
    public int? Status { get; init; }
    public string? Error { get; init; }
}

/// <summary>
/// The rule format's mapping to the one rule model, <see cref="FakeRule"/>: scenario files and admin uploads go through
/// here (admin listings write it back: <see cref="Admin.RuleListing"/>). What no single property can say (an action missing, a status out of range) is
/// <see cref="RuleValidation"/>'s, after reading.
/// </summary>
internal static class RuleFormat
{
    /// <summary>An item failure's status when <c>failItem</c> gives none.</summary>
    private const int DefaultItemFailureStatus = 500;

    /// <summary>The rule a file's rule object means; a problem is located at <paramref name="path"/> in its document.</summary>
    public static FakeRule ToRule(RuleFile file, LoadedScenario layer, string path)
    {
        var delay = file.Delay switch
        {
            null => null,
            { Ms: { } ms, MinMs: null, MaxMs: null } => new FakeDelay(TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms)),
            { Ms: null, MinMs: { } min, MaxMs: { } max } => new FakeDelay(TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max)),
            { Ms: not null } => throw layer.Error(path + ".delay", "give either ms or minMs and maxMs, not both"),
            _ => throw layer.Error(path + ".delay", "needs ms, or both minMs and maxMs"),
        };
        return new FakeRule
        {
            Name = file.Name,
            Method = file.Match?.Method,
            Path = file.Match?.Path,
            Query = Map(file.Match?.Query, StringComparer.Ordinal),
            Body = Map(file.Match?.Body, StringComparer.Ordinal),
            ApiKey = file.Match?.ApiKey,
            // Header names ignore case, as in HTTP: the same name twice (in any case) keeps the last value.
            Response = file.Respond is { } respond
                ? new FakeResponse(respond.Status) { Error = respond.Error, BodyJson = respond.Body?.GetRawText(), Headers = Map(respond.Headers, StringComparer.OrdinalIgnoreCase) }
                : null,
            Delay = delay,
            Fault = file.Fault,
            ItemFailure = file.FailItem is { } failure ? new FakeItemFailure(failure.Status ?? DefaultItemFailureStatus, failure.Error) : null,
            ConnectionTestFailure = file.FailConnectionTest,
            Count = file.Times,
            Probability = file.Probability,
        };
    }

    /// <summary>
    /// One rule (an object) or several (an array), in the scenario file's rule format, all checked before any is used.
    /// </summary>
    /// <exception cref="ScenarioException">Where the first problem is (JSON path, line, column) and what it is.</exception>
    public static List<FakeRule> ParseMany(byte[] body, string origin)
    {
        var layer = new LoadedScenario(new ScenarioModel(), origin, body);
        var kind = FirstToken(body);
        List<RuleFile?> parsed;
        try
        {
            parsed = kind switch
            {
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<RuleFile>(body, ScenarioLoader.Options)],
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<RuleFile?>>(body, ScenarioLoader.Options) ?? [],
                _ => throw new ScenarioException(origin, "$", 1, 1, "expected a rule object, or an array of rule objects"),
            };
        }
        catch (JsonException exception)
        {
            throw ScenarioLoader.Located(exception, origin, kind == JsonTokenType.StartArray ? typeof(List<RuleFile>) : typeof(RuleFile));
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

    /// <summary>A rule as read, mapped and checked as a whole (<see cref="RuleValidation"/>); a problem is located in its document.</summary>
    /// <param name="file">The rule read at <paramref name="path"/>; null when the document has <c>null</c> there.</param>
    public static FakeRule Checked(RuleFile? file, LoadedScenario layer, string path)
    {
        if (file is null)
        {
            throw layer.Error(path, "expected a rule object, found null");
        }
        var rule = ToRule(file, layer, path);
        var problems = RuleValidation.Problems(rule);
        if (problems.Count > 0)
        {
            var (property, message) = problems[0];
            throw layer.Error(property == "rule" ? path : $"{path}.{property}", message);
        }
        return rule;
    }

    private static ImmutableDictionary<string, string> Map(Dictionary<string, string?>? values, StringComparer comparer)
    {
        var map = ImmutableDictionary.Create<string, string>(comparer);
        foreach (var (key, value) in values ?? [])
        {
            map = map.SetItem(key, value!);
        }
        return map;
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
