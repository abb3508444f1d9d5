using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Shadowing;

/// <summary>
/// What a shadow run found: differences grouped by endpoint, kind and place in the answer, each group with one request
/// that reproduces it and, where a setting of the fake removes it, that setting. Holds no key and no password.
/// </summary>
public sealed class ShadowReport
{
    internal ShadowReport(string upstream, bool writesForwarded, ShadowCounts counts, IReadOnlyList<ShadowDifferenceGroup> groups, IReadOnlyList<string> notes)
    {
        Upstream = upstream;
        WritesForwarded = writesForwarded;
        Counts = counts;
        Groups = groups;
        Notes = notes;
        SuggestedSettings = Suggest(groups);
    }

    /// <summary>The upstream's API base (no key).</summary>
    public string Upstream { get; }

    /// <summary>Whether writes went to the upstream too.</summary>
    public bool WritesForwarded { get; }

    public ShadowCounts Counts { get; }

    /// <summary>Grouped differences, in the order first seen.</summary>
    public IReadOnlyList<ShadowDifferenceGroup> Groups { get; }

    /// <summary>Things to know that are not differences: writes the fake answered alone, calls outside the API.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Setting to value (as a scenario writes it: <c>unknownPoolFilter</c> to <c>emptyPage</c>) for every setting some
    /// group suggests; where groups disagree on one setting, the value most groups suggest.
    /// </summary>
    public IReadOnlyDictionary<string, string> SuggestedSettings { get; }

    /// <summary>True when the upstream and the fake answered every compared call alike.</summary>
    public bool NoDifferences => Groups.Count == 0;

    private static Dictionary<string, string> Suggest(IReadOnlyList<ShadowDifferenceGroup> groups) =>
        groups.Where(g => g.SuggestedSetting is not null)
            .GroupBy(g => g.SuggestedSetting!.Setting, StringComparer.Ordinal)
            .ToDictionary(
                bySetting => bySetting.Key,
                bySetting => bySetting.GroupBy(g => g.SuggestedSetting!.Value, StringComparer.Ordinal).OrderByDescending(v => v.Count()).First().Key,
                StringComparer.Ordinal);

    /// <summary>The suggested settings as a scenario layer (<c>--scenario FILE</c> after the snapshot, or <c>ScenarioSource.Json</c>).</summary>
    public string ToSettingsLayerJson()
    {
        var settings = new JsonObject();
        foreach (var (setting, value) in SuggestedSettings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            settings[setting] = value == "null" ? null : JsonValue.Create(value);
        }
        var layer = new JsonObject
        {
            ["name"] = "shadow-settings",
            ["description"] = $"Settings the shadow run against {Upstream} found the account to need: each removed a difference between it and the fake. Layer it over the snapshot (or any scenario).",
            ["settings"] = settings,
        };
        return layer.ToJsonString(Indented);
    }

    /// <summary>The report as JSON.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["upstream"] = Upstream,
            ["writesForwarded"] = WritesForwarded,
            ["calls"] = new JsonObject
            {
                ["total"] = Counts.Total,
                ["compared"] = Counts.Compared,
                ["withDifferences"] = Counts.WithDifferences,
                ["answeredByFakeOnly"] = Counts.AnsweredByFakeOnly,
                ["notCompared"] = Counts.NotCompared,
            },
            ["suggestedSettings"] = new JsonObject(SuggestedSettings.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => KeyValuePair.Create(s.Key, (JsonNode?)(s.Value == "null" ? null : JsonValue.Create(s.Value))))),
            ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["groups"] = new JsonArray([.. Groups.Select(g => (JsonNode?)g.ToJson())]),
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>The report for a person: one paragraph per group.</summary>
    public string ToSummary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Shadow report: {Upstream} against the fake");
        text.AppendLine(CultureInfo.InvariantCulture, $"{Counts.Total} calls: {Counts.Compared} compared, {Counts.WithDifferences} with differences, {Counts.AnsweredByFakeOnly} answered by the fake alone, {Counts.NotCompared} not compared.");
        foreach (var note in Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Note: {note}");
        }
        if (Groups.Count == 0)
        {
            text.AppendLine("No differences.");
        }
        foreach (var (group, index) in Groups.Select((g, i) => (g, i + 1)))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{index}. {group.Endpoint}: {group.Kind}{(group.Path.Length > 0 ? " at " + group.Path : "")} ({group.Count} {(group.Count == 1 ? "call" : "calls")})");
            text.AppendLine(CultureInfo.InvariantCulture, $"   upstream: {group.Upstream}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   fake:     {group.Fake}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   reproduce: {group.Request.Curl}");
            if (group.SuggestedSetting is { } setting)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   setting: \"{setting.Setting}\": {(setting.Value == "null" ? "null" : $"\"{setting.Value}\"")} removes it");
            }
            if (group.Hint is { } hint)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   {hint}");
            }
        }
        if (SuggestedSettings.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Suggested settings layer (--write-settings):");
            text.AppendLine(ToSettingsLayerJson());
        }
        return text.ToString();
    }

    /// <summary>Writes the JSON report to <paramref name="path"/> and the summary next to it (the same name ending in <c>.txt</c>).</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await File.WriteAllTextAsync(path, ToJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(SummaryPath(path), ToSummary(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where <see cref="WriteAsync"/> puts the summary: <c>report.json</c> to <c>report.txt</c>.</summary>
    public static string SummaryPath(string path) =>
        string.Equals(Path.GetExtension(path), ".txt", StringComparison.OrdinalIgnoreCase) ? path + ".txt" : Path.ChangeExtension(path, ".txt");

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>How many calls a shadow run saw, and what became of them.</summary>
public sealed record ShadowCounts(int Total, int Compared, int WithDifferences, int AnsweredByFakeOnly, int NotCompared);

/// <summary>A setting of the fake and its value, as a scenario's <c>settings</c> writes them.</summary>
public sealed record ShadowSetting(string Setting, string Value);

/// <summary>A request as the report shows it: no key, passwords blanked, with a curl line that reproduces it.</summary>
public sealed record ShadowRequest(string Method, string Path, string? Body, string Curl);

/// <summary>One kind of difference at one place of one endpoint's answers, with the first call that showed it.</summary>
public sealed class ShadowDifferenceGroup
{
    internal ShadowDifferenceGroup(string endpoint, string kind, string path, string upstream, string fake, ShadowRequest request, bool afterLocalWrite)
    {
        Endpoint = endpoint;
        Kind = kind;
        Path = path;
        Upstream = upstream;
        Fake = fake;
        Request = request;
        AfterLocalWrite = afterLocalWrite;
    }

    /// <summary><c>GET /inboxes</c>.</summary>
    public string Endpoint { get; }

    /// <summary>One of <see cref="DifferenceKinds"/>.</summary>
    public string Kind { get; }

    /// <summary>Where in the answer (<c>inboxes[].createdAt</c>); empty for the whole answer (a status).</summary>
    public string Path { get; }

    /// <summary>How many calls showed it.</summary>
    public int Count { get; internal set; }

    /// <summary>The upstream's side, first time seen.</summary>
    public string Upstream { get; }

    /// <summary>The fake's side, first time seen.</summary>
    public string Fake { get; }

    /// <summary>The first call that showed it.</summary>
    public ShadowRequest Request { get; }

    /// <summary>First seen after a write the fake answered alone: from there on the two accounts differ anyway.</summary>
    public bool AfterLocalWrite { get; }

    /// <summary>The setting that removed it on every call that showed it, if one did.</summary>
    public ShadowSetting? SuggestedSetting { get; internal set; }

    /// <summary>Other settings that removed it too.</summary>
    public IReadOnlyList<ShadowSetting> AlternativeSettings { get; internal set; } = [];

    /// <summary>What to do about it when no setting explains it.</summary>
    public string? Hint { get; internal set; }

    internal List<ShadowSetting>? Candidates { get; set; }

    internal JsonObject ToJson() => new()
    {
        ["endpoint"] = Endpoint,
        ["kind"] = Kind,
        ["path"] = Path,
        ["count"] = Count,
        ["upstream"] = Upstream,
        ["fake"] = Fake,
        ["request"] = new JsonObject
        {
            ["method"] = Request.Method,
            ["path"] = Request.Path,
            ["body"] = Request.Body,
            ["curl"] = Request.Curl,
        },
        ["afterLocalWrite"] = AfterLocalWrite,
        ["suggestedSetting"] = SuggestedSetting is { } s ? new JsonObject { ["setting"] = s.Setting, ["value"] = s.Value } : null,
        ["alternativeSettings"] = new JsonArray([.. AlternativeSettings.Select(a => (JsonNode?)new JsonObject { ["setting"] = a.Setting, ["value"] = a.Value })]),
        ["hint"] = Hint,
    };
}

/// <summary>A request as received, before redaction.</summary>
internal sealed record ShadowRequestRecord(string Method, string Relative, byte[]? Body, string? MediaType, string? Key);

/// <summary>Collects exchanges into groups, under a lock (calls come from any thread).</summary>
internal sealed partial class ShadowReportBuilder(string upstream, string shadowKey, bool writesForwarded)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Endpoint, string Kind, string Path), ShadowDifferenceGroup> _groups = [];
    private readonly List<ShadowDifferenceGroup> _order = [];
    private readonly Dictionary<string, int> _localWrites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal) { shadowKey };
    private int _total;
    private int _compared;
    private int _withDifferences;
    private int _notCompared;

    public void CountNotCompared()
    {
        lock (_lock)
        {
            _total++;
            _notCompared++;
        }
    }

    public void AddLocalWrite(ShadowRequestRecord request)
    {
        lock (_lock)
        {
            Remember(request);
            _total++;
            var endpoint = Endpoint(request);
            _localWrites[endpoint] = _localWrites.GetValueOrDefault(endpoint) + 1;
        }
    }

    public void Add(ShadowRequestRecord request, List<Difference> differences, List<(FakeVariant Variant, HashSet<(string, string)> Remaining)> variants, bool afterLocalWrite)
    {
        lock (_lock)
        {
            Remember(request);
            _total++;
            _compared++;
            if (differences.Count == 0)
            {
                return;
            }
            _withDifferences++;
            var endpoint = Endpoint(request);
            var found = differences.Select(d => d.Key).ToHashSet();
            // A variant that trades one difference for another explains nothing: autoFilledFields=never "removes" the
            // missing list of a failed batch item, but adds one on every item that succeeded.
            var consistent = variants.Where(v => v.Remaining.IsSubsetOf(found)).ToList();
            foreach (var difference in differences)
            {
                var removedBy = consistent.Where(v => !v.Remaining.Contains(difference.Key)).Select(v => new ShadowSetting(v.Variant.Setting, v.Variant.Value)).ToList();
                var key = (endpoint, difference.Kind, difference.Path);
                if (!_groups.TryGetValue(key, out var group))
                {
                    group = new ShadowDifferenceGroup(endpoint, difference.Kind, difference.Path, Scrub(difference.Upstream), Scrub(difference.Fake), Reproduce(request), afterLocalWrite)
                    {
                        Candidates = removedBy,
                    };
                    _groups[key] = group;
                    _order.Add(group);
                }
                else
                {
                    // A setting explains the group only if it removed the difference on every call that showed it.
                    group.Candidates = [.. group.Candidates!.Intersect(removedBy)];
                }
                group.Count++;
            }
        }
    }

    public ShadowReport Build()
    {
        lock (_lock)
        {
            var groups = new List<ShadowDifferenceGroup>();
            foreach (var group in _order)
            {
                var candidates = group.Candidates ?? [];
                group.SuggestedSetting = candidates.FirstOrDefault();
                group.AlternativeSettings = [.. candidates.Skip(1)];
                group.Hint = Hint(group);
                groups.Add(group);
            }
            var notes = new List<string>();
            foreach (var (endpoint, count) in _localWrites)
            {
                notes.Add($"{endpoint}: {count} {(count == 1 ? "write was" : "writes were")} answered by the fake alone and not sent upstream (forward them with --shadow-writes / ShadowOptions.ForwardWrites; they create real inboxes). Differences seen after one are marked afterLocalWrite: the two accounts differ from there on.");
            }
            if (_notCompared > 0)
            {
                notes.Add($"{_notCompared} calls outside /api/v1 were answered 404 and not compared.");
            }
            return new ShadowReport(upstream, writesForwarded, new ShadowCounts(_total, _compared, _withDifferences, _localWrites.Values.Sum(), _notCompared), groups, notes);
        }
    }

    private static string? Hint(ShadowDifferenceGroup group)
    {
        if (group.SuggestedSetting is not null)
        {
            return null;
        }
        var hint = group.Kind switch
        {
            DifferenceKinds.RateLimited => "The upstream throttled this call and the fake did not: no limit is the fake's default. settings.rateLimit {calls, windowSeconds} (or the shipped rate-limited scenario) makes the fake throttle; set it to your account's real limit.",
            DifferenceKinds.UpstreamError => "The upstream failed where the fake succeeded: a rule (respond.status, or failItem for one batch item) makes the fake fail the same way. If it repeats, it may be a DeepLead fault.",
            DifferenceKinds.UpstreamUnreachable => "The upstream could not be reached: nothing was compared.",
            DifferenceKinds.ExtraField => "The upstream answers a field the fake does not know, and no setting adds it: check your client ignores unknown fields, and tell the fake's maintainers.",
            DifferenceKinds.MissingField => "The fake answers a field the upstream does not, and no setting removes it: tell the fake's maintainers.",
            _ => "No setting of the fake removes this difference: tell the fake's maintainers, with the request above.",
        };
        return group.AfterLocalWrite ? hint + " First seen after a write the fake answered alone, which may be the cause." : hint;
    }

    private void Remember(ShadowRequestRecord request)
    {
        if (request.Key is { Length: > 0 } key)
        {
            _keys.Add(key);
        }
    }

    private ShadowRequest Reproduce(ShadowRequestRecord request)
    {
        var path = "/" + Scrub(request.Relative);
        string? body = null;
        if (request.Body is { Length: > 0 } bytes)
        {
            body = Scrub(RedactPasswords(Encoding.UTF8.GetString(bytes)));
        }
        var curl = new StringBuilder($"curl -X {request.Method} \"{upstream.TrimEnd('/')}{path}\" -H \"Authorization: Bearer $DEEPLEAD_API_KEY\"");
        if (body is not null)
        {
            curl.Append(CultureInfo.InvariantCulture, $" -H \"Content-Type: {request.MediaType ?? "application/json"}\" -d '{body.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        }
        return new ShadowRequest(request.Method, path, body, curl.ToString());
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = ShadowReport.Indented.Encoder };

    /// <summary>Every password-like field's value blanked, however deep; a body that is not JSON is dropped whole.</summary>
    internal static string RedactPasswords(string body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return "<a body that is not JSON, left out>";
        }
        Redact(node);
        return node?.ToJsonString(Compact) ?? "null";
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase))
                    {
                        obj[name] = "<redacted>";
                    }
                    else
                    {
                        Redact(obj[name]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }
                break;
        }
    }

    /// <summary>Any key seen in a request, wherever an answer or a path repeats it.</summary>
    private string Scrub(string text)
    {
        foreach (var key in _keys)
        {
            text = text.Replace(key, "<key>", StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary><c>GET /inboxes</c>: the method and the path without its query, ids as <c>{id}</c>.</summary>
    private static string Endpoint(ShadowRequestRecord request)
    {
        var path = request.Relative.Split('?', 2)[0].TrimEnd('/');
        path = IdSegment().Replace(path, "{id}");
        return $"{request.Method} /{path}";
    }

    [GeneratedRegex("(?<=^|/)[0-9a-fA-F]{24}(?=/|$)")]
    private static partial Regex IdSegment();
}
