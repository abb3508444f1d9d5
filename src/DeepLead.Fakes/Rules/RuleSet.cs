using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Rules;

/// <summary>What a request-level rule decided: wait, then answer or break, or (neither) let the API answer.</summary>
internal sealed record RequestDecision(string RuleName, TimeSpan Delay, ApiOutcome? Answer)
{
    /// <summary>The rule's position in the set (0-based), the rule itself and its count left after this match (null: unlimited), for explanations.</summary>
    public int Index { get; init; } = -1;

    public FakeRule? Rule { get; init; }

    public int? TimesLeft { get; init; }
}

/// <summary>How often a rule has fired since the last reset: what "every rule used" verifies.</summary>
internal readonly record struct RuleUsage(int Index, string Name, FakeRule Rule, int Used);

/// <summary>What an item rule decided for one create item.</summary>
internal sealed record ItemDecision(string RuleName, FakeItemFailure? Failure, string? ConnectionTestFailure);

/// <summary>The facts rules match on, computed once per request.</summary>
internal sealed class RuleContext(ApiRequest request, IReadOnlyDictionary<string, string> query) : IDisposable
{
    private JsonDocument? _body;
    private bool _bodyParsed;

    public ApiRequest Request { get; } = request;
    public IReadOnlyDictionary<string, string> Query { get; } = query;

    /// <summary>The body, parsed lazily and only when a rule looks at it; null when it is not JSON.</summary>
    public JsonElement? Body
    {
        get
        {
            if (!_bodyParsed)
            {
                _bodyParsed = true;
                try
                {
                    _body = Request.Body.IsEmpty ? null : JsonDocument.Parse(Request.Body, new JsonDocumentOptions { MaxDepth = 16 });
                }
                catch (JsonException)
                {
                    _body = null;
                }
            }
            return _body?.RootElement;
        }
    }

    /// <summary>Returns the parsed body's pooled buffers.</summary>
    public void Dispose() => _body?.Dispose();
}

/// <summary>
/// Rules in order, each with its remaining count. First match wins: request-level rules (respond, delay, fault)
/// once per request, item rules (failItem, failConnectionTest) once per create item. Probabilities draw from a
/// generator seeded by the scenario, so a flaky run replays. One lock: rules are few and decisions are cheap.
/// </summary>
internal sealed class RuleSet
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<FakeRule> _initial;
    private readonly int _seed;
    private List<ActiveRule> _rules = [];
    private Random _random = null!;
    private volatile bool _empty = true;

    public RuleSet(IReadOnlyList<FakeRule> initial, int seed)
    {
        foreach (var rule in initial)
        {
            RuleValidation.ThrowIfInvalid(rule);
        }
        _initial = initial;
        _seed = seed;
        Reset();
    }

    public bool IsEmpty => _empty;

    /// <summary>Back to the initial rules with their counts restored, and the same random sequence.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _rules = [.. _initial.Select((r, i) => new ActiveRule(r, i))];
            _random = new Random(unchecked(_seed * 31 + 17));
            _empty = _rules.Count == 0;
        }
    }

    public void Add(FakeRule rule)
    {
        RuleValidation.ThrowIfInvalid(rule);
        lock (_gate)
        {
            _rules.Add(new ActiveRule(rule, _rules.Count));
            _empty = false;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules = [];
            _empty = true;
        }
    }

    /// <summary>Removes the rule at <paramref name="position"/> when it is still the one called <paramref name="name"/>.</summary>
    public bool Remove(int position, string name)
    {
        lock (_gate)
        {
            if (position < 0 || position >= _rules.Count || _rules[position].Name != name)
            {
                return false;
            }
            _rules = [.. _rules.Where((_, i) => i != position)];
            _empty = _rules.Count == 0;
            return true;
        }
    }

    public IReadOnlyList<FakeRule> Snapshot()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => r.Rule)];
        }
    }

    /// <summary>Every rule in force with how often it fired.</summary>
    public IReadOnlyList<RuleUsage> Usage()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => new RuleUsage(r.Index, r.Name, r.Rule, r.Used))];
        }
    }

    public RequestDecision? DecideRequest(RuleContext context)
    {
        if (_empty)
        {
            return null;
        }
        lock (_gate)
        {
            foreach (var active in _rules)
            {
                var rule = active.Rule;
                if (active.IsItemRule || active.Spent || !MatchesRequest(rule, context) || !MatchesAnyBodyItem(rule, context) || !Draw(active))
                {
                    continue;
                }
                active.Consume();
                var delay = rule.Delay is { } d ? d.Min + ((d.Max - d.Min) * _random.NextDouble()) : TimeSpan.Zero;
                return new RequestDecision(active.Name, delay, Answer(rule)) { Index = active.Index, Rule = rule, TimesLeft = active.Remaining };
            }
        }
        return null;
    }

    public ItemDecision? DecideItem(RuleContext context, JsonElement item, bool skipConnectionTest)
    {
        if (_empty)
        {
            return null;
        }
        lock (_gate)
        {
            foreach (var active in _rules)
            {
                var rule = active.Rule;
                if (!active.IsItemRule || active.Spent
                    || (rule.ConnectionTestFailure is not null && skipConnectionTest)
                    || !MatchesRequest(rule, context) || !MatchesBody(rule, item) || !Draw(active))
                {
                    continue;
                }
                active.Consume();
                return new ItemDecision(active.Name, rule.ItemFailure, rule.ConnectionTestFailure);
            }
        }
        return null;
    }

    /// <summary>Rule paths may be written relative to the API (<c>/inboxes</c>) or absolute (<c>/api/v1/inboxes</c>).</summary>
    public static string NormalizePath(string path)
    {
        if (path.StartsWith(ApiPaths.Prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith('*'))
        {
            return path;
        }
        return ApiPaths.Prefix + (path.StartsWith('/') ? path : "/" + path);
    }

    private bool Draw(ActiveRule active) => active.Rule.Probability is not { } p || _random.NextDouble() < p;

    private static bool MatchesRequest(FakeRule rule, RuleContext context)
    {
        var request = context.Request;
        if (rule.Method is { } method && !Wildcard.IsMatch(method, request.Method))
        {
            return false;
        }
        if (rule.Path is { } path && !Wildcard.IsMatch(NormalizePath(path), request.Path))
        {
            return false;
        }
        if (rule.ApiKey is { } key && (request.BearerKey is not { } given || !Wildcard.IsMatch(key, given)))
        {
            return false;
        }
        foreach (var (name, pattern) in rule.Query)
        {
            if (!context.Query.TryGetValue(name, out var value) || !Wildcard.IsMatch(pattern, value))
            {
                return false;
            }
        }
        return true;
    }

    private static bool MatchesAnyBodyItem(FakeRule rule, RuleContext context)
    {
        if (rule.Body.Count == 0)
        {
            return true;
        }
        return context.Body switch
        {
            { ValueKind: JsonValueKind.Object } single => MatchesBody(rule, single),
            { ValueKind: JsonValueKind.Array } batch => batch.EnumerateArray().Any(item => MatchesBody(rule, item)),
            _ => false,
        };
    }

    private static bool MatchesBody(FakeRule rule, JsonElement item)
    {
        if (rule.Body.Count == 0)
        {
            return true;
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        // Text that is not valid Unicode cannot match a pattern; the endpoint answers it with a 400.
        if (!JsonText.IsValidUnicode(item))
        {
            return false;
        }
        foreach (var (field, pattern) in rule.Body)
        {
            if (!item.TryGetProperty(field, out var value))
            {
                return false;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (!Wildcard.IsMatch(pattern, text))
            {
                return false;
            }
        }
        return true;
    }

    private static ApiOutcome? Answer(FakeRule rule)
    {
        if (rule.Fault is { } fault)
        {
            return new ForcedFault(fault);
        }
        if (rule.Response is not { } response)
        {
            return null;
        }
        var headers = response.Headers.Count > 0 ? response.Headers : null;
        return new ForcedAnswer(response.Status, response.BodyJson, response.BodyJson is null ? response.Error : null, headers);
    }

    private sealed class ActiveRule(FakeRule rule, int index)
    {
        private int? _remaining = rule.Count;

        public FakeRule Rule { get; } = rule;
        public string Name { get; } = rule.Name ?? $"rule #{index + 1}";
        public bool IsItemRule { get; } = rule.ItemFailure is not null || rule.ConnectionTestFailure is not null;
        public bool Spent => _remaining is 0;

        public int Index { get; } = index;

        public int? Remaining => _remaining;

        public int Used { get; private set; }

        public void Consume()
        {
            Used++;
            if (_remaining is > 0)
            {
                _remaining--;
            }
        }
    }
}
