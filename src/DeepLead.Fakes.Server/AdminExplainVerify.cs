using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The admin API's explain and verify endpoints, written by the stub from the engine's models
/// (<see cref="FakeCallExplanation"/>, <see cref="FakeVerificationException"/>): the engine holds no stub JSON.
/// <c>GET /__admin/deeplead/journal/{sequence}/explain[?format=text]</c> and <c>POST /__admin/deeplead/verify</c>.
/// </summary>
internal static class AdminExplainVerify
{
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A verification is one small JSON object (an order of a few dozen descriptions at most).</summary>
    public const int MaxVerifyBytes = 64 * 1024;

    public readonly record struct Answer(int Status, byte[] Body, string ContentType = "application/json; charset=utf-8");

    /// <summary>The sequence number of <c>/journal/{n}/explain</c>, or null when <paramref name="route"/> is not that route.</summary>
    public static string? ExplainSequence(string route)
    {
        const string Start = "/journal/";
        const string End = "/explain";
        return route.StartsWith(Start, StringComparison.Ordinal) && route.EndsWith(End, StringComparison.Ordinal) && route.Length > Start.Length + End.Length
            ? route[Start.Length..^End.Length]
            : null;
    }

    public static Answer Explain(DeepLeadFake fake, string sequenceText, string? format)
    {
        if (format is not (null or "json" or "text"))
        {
            return Error(400, AdminJson.ValidationFailed, [new("format", "must be json or text")]);
        }
        if (!long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
        {
            return Error(400, AdminJson.ValidationFailed, [new("sequence", "must be a call's sequence number (1 or more)")]);
        }
        var call = fake.Journal.CallsSince(sequence - 1).FirstOrDefault(c => c.Sequence == sequence);
        if (call is null)
        {
            return Error(404, $"No call #{sequence.ToString(CultureInfo.InvariantCulture)} in the journal: it was never made, or was dropped or cleared (the journal keeps the last calls only)", null);
        }
        var explanation = call.Explanation;
        if (format == "text")
        {
            return new Answer(200, Encoding.UTF8.GetBytes(explanation.ToString()), "text/plain; charset=utf-8");
        }
        return new Answer(200, Write(json => WriteExplanation(json, explanation)));
    }

    private static void WriteExplanation(Utf8JsonWriter json, FakeCallExplanation explanation)
    {
        var call = explanation.Call;
        json.WriteStartObject();
        json.WriteNumber("sequence", call.Sequence);
        json.WriteString("method", call.Method);
        json.WriteString("path", call.Path);
        json.WriteString("query", call.Query);
        json.WriteNumber("status", call.Status);
        json.WriteString("decidedBy", explanation.DecidedBy);
        json.WriteStartArray("steps");
        foreach (var step in explanation.Steps)
        {
            json.WriteStartObject();
            json.WriteString("step", step.Name);
            json.WriteString("result", step.Result);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (explanation.Rule is { } rule)
        {
            json.WriteStartObject("rule");
            json.WriteNumber("number", rule.Number);
            json.WriteString("name", rule.Name);
            if (rule.TimesLeft is { } left)
            {
                json.WriteNumber("timesLeft", left);
            }
            json.WriteEndObject();
        }
        json.WriteStartObject("settings");
        foreach (var (name, value) in explanation.Settings)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
        json.WriteStartArray("warnings");
        foreach (var warning in call.Warnings)
        {
            json.WriteStringValue(warning);
        }
        json.WriteEndArray();
        if (explanation.RestsOn is { } restsOn)
        {
            json.WriteString("restsOn", restsOn);
        }
        if (explanation.Hint is { } hint)
        {
            json.WriteString("hint", hint);
        }
        if (explanation.Items.Count > 0)
        {
            json.WriteStartArray("items");
            foreach (var item in explanation.Items)
            {
                json.WriteStartObject();
                json.WriteNumber("index", item.Index);
                if (item.EmailAddress is { } email)
                {
                    json.WriteString("emailAddress", email);
                }
                json.WriteString("kind", item.Kind);
                json.WriteNumber("status", item.Status);
                if (item.Error is { } error)
                {
                    json.WriteString("error", error);
                }
                if (item.FieldErrors.Count > 0)
                {
                    json.WriteStartArray("fieldErrors");
                    foreach (var fieldError in item.FieldErrors)
                    {
                        json.WriteStringValue(fieldError);
                    }
                    json.WriteEndArray();
                }
                if (item.Rule is { } itemRule)
                {
                    json.WriteString("rule", itemRule);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// One verification per request: <c>{"method", "path", "fields", "query", "apiKey", "status", "times"}</c> (a count),
    /// <c>{"inOrder": [descriptions]}</c>, <c>{"noOtherCalls": true}</c> or <c>{"allRulesUsed": true}</c>.
    /// 200 when it holds; 417 with the message and the closest calls when not; 400 naming the field for a malformed body.
    /// </summary>
    public static Answer Verify(DeepLeadFake fake, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            return Invalid("body", $"is not valid JSON (line {(exception.LineNumber ?? 0) + 1})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("body", "must be a JSON object");
            }
            try
            {
                if (root.TryGetProperty("inOrder", out var order))
                {
                    if (root.EnumerateObject().Count() != 1)
                    {
                        return Invalid("inOrder", "must be the only property of the body");
                    }
                    if (order.ValueKind != JsonValueKind.Array || order.GetArrayLength() == 0)
                    {
                        return Invalid("inOrder", "must be a non-empty array of call descriptions");
                    }
                    var matches = new List<FakeCallMatch>();
                    var index = 0;
                    foreach (var element in order.EnumerateArray())
                    {
                        if (ReadMatch(element, $"inOrder[{index++}].", allowTimes: false, out var match, out _) is { } problem)
                        {
                            return problem;
                        }
                        matches.Add(match!);
                    }
                    fake.Journal.VerifyInOrder([.. matches]);
                    return Verified(matches.Count);
                }
                if (root.TryGetProperty("noOtherCalls", out var noOther))
                {
                    if (root.EnumerateObject().Count() != 1 || noOther.ValueKind != JsonValueKind.True)
                    {
                        return Invalid("noOtherCalls", "must be true, and the only property of the body");
                    }
                    fake.Journal.VerifyNoOtherCalls();
                    return Verified(0);
                }
                if (root.TryGetProperty("allRulesUsed", out var allRules))
                {
                    if (root.EnumerateObject().Count() != 1 || allRules.ValueKind != JsonValueKind.True)
                    {
                        return Invalid("allRulesUsed", "must be true, and the only property of the body");
                    }
                    fake.VerifyAllRulesUsed();
                    return Verified(fake.Admin.Rules.Count);
                }
                if (ReadMatch(root, "", allowTimes: true, out var single, out var times) is { } invalid)
                {
                    return invalid;
                }
                return Verified(fake.Journal.Verify(single!, times).Count);
            }
            catch (ArgumentException problem)
            {
                // A secret field: the journal masks it, so the engine refuses to verify by it.
                return Invalid("fields", problem.Message.Replace($" (Parameter '{problem.ParamName}')", "", StringComparison.Ordinal));
            }
            catch (FakeVerificationException failure)
            {
                return new Answer(417, Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("error", failure.Message);
                    json.WriteNumber("matching", failure.Matching);
                    json.WriteStartArray("closest");
                    foreach (var miss in failure.Closest)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("sequence", miss.Call.Sequence);
                        json.WriteString("method", miss.Call.Method);
                        json.WriteString("path", miss.Call.Path);
                        json.WriteString("query", miss.Call.Query);
                        json.WriteNumber("status", miss.Call.Status);
                        json.WriteStartArray("differences");
                        foreach (var difference in miss.Differences)
                        {
                            json.WriteStringValue(difference);
                        }
                        json.WriteEndArray();
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }));
            }
        }
    }

    private static readonly string[] MatchProperties = ["method", "path", "fields", "query", "apiKey", "status"];

    /// <summary>Null when <paramref name="element"/> is a call description; else the 400 naming the field (prefixed with <paramref name="at"/>).</summary>
    private static Answer? ReadMatch(JsonElement element, string at, bool allowTimes, out FakeCallMatch? match, out int? times)
    {
        match = null;
        times = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid(at.TrimEnd('.'), "must be a call description object");
        }
        foreach (var property in element.EnumerateObject())
        {
            if (!MatchProperties.Contains(property.Name) && !(allowTimes && property.Name == "times"))
            {
                return Invalid(at + property.Name, allowTimes
                    ? "is not a property of a verification (method, path, fields, query, apiKey, status, times; or inOrder, noOtherCalls, allRulesUsed alone)"
                    : "is not a property of a call description (method, path, fields, query, apiKey, status)");
            }
        }
        if (!element.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(method.GetString()))
        {
            return Invalid(at + "method", "is required: an HTTP method such as \"POST\"");
        }
        if (!element.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(path.GetString()))
        {
            return Invalid(at + "path", "is required: a path such as \"/inboxes\" or \"/api/v1/inboxes\"");
        }
        int? status = null;
        if (element.TryGetProperty("status", out var statusValue))
        {
            if (!statusValue.TryGetInt32(out var s) || s is < 100 or > 599)
            {
                return Invalid(at + "status", "must be an HTTP status (100 to 599)");
            }
            status = s;
        }
        string? apiKey = null;
        if (element.TryGetProperty("apiKey", out var key))
        {
            if (key.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(key.GetString()))
            {
                return Invalid(at + "apiKey", "must be a non-empty string");
            }
            apiKey = key.GetString();
        }
        if (allowTimes && element.TryGetProperty("times", out var timesValue))
        {
            if (!timesValue.TryGetInt32(out var t) || t < 0)
            {
                return Invalid("times", "must be an integer, 0 or more");
            }
            times = t;
        }
        var result = new FakeCallMatch(method.GetString()!, path.GetString()!) { ApiKey = apiKey, Status = status };
        foreach (var (name, target) in new[] { ("fields", result.Fields), ("query", result.Query) })
        {
            if (!element.TryGetProperty(name, out var values))
            {
                continue;
            }
            if (values.ValueKind != JsonValueKind.Object)
            {
                return Invalid(at + name, "must be an object of names and string values");
            }
            foreach (var value in values.EnumerateObject())
            {
                if (value.Value.ValueKind != JsonValueKind.String)
                {
                    return Invalid($"{at}{name}.{value.Name}", "must be a string (a number or boolean as its JSON text, e.g. \"50\")");
                }
                target[value.Name] = value.Value.GetString()!;
            }
        }
        match = result;
        return null;
    }

    private static Answer Verified(int matching) => new(200, Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("verified", true);
        json.WriteNumber("matching", matching);
        json.WriteEndObject();
    }));

    private static Answer Invalid(string field, string message) => Error(400, AdminJson.ValidationFailed, [new(field, message)]);

    private static Answer Error(int status, string message, IReadOnlyList<AdminJson.FieldProblem>? details) => new(status, AdminJson.Error(message, details));

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
