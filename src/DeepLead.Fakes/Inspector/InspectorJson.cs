using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Composition;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes.Inspector;

/// <summary>
/// The inspector page's data, written from the same seams the stub's admin API reads (the journal, one state snapshot,
/// the rules with their usage, the clock). The page's own shape: compact call rows (the page may hold 20,000) and a
/// coverage grid, not the admin API's documents. Every string goes out as a JSON string; the page renders it as text.
/// </summary>
internal static class InspectorJson
{
    /// <summary>The documented operations and, for each, the statuses the OpenAPI document lists: the coverage grid's axes.</summary>
    private static readonly Lazy<IReadOnlyList<(string Operation, int[] Statuses)>> Documented = new(ReadDocumented);

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One row of the calls list: <c>n</c> sequence, <c>t</c> time, <c>u</c> tenant, <c>m</c> method, <c>p</c> path and query, <c>s</c> status, <c>d</c> decidedBy, <c>w</c> warnings.</summary>
    public static void WriteRow(Utf8JsonWriter json, FakeCall call)
    {
        json.WriteStartObject();
        json.WriteNumber("n", call.Sequence);
        json.WriteString("t", Time(call.Timestamp));
        json.WriteString("u", call.Tenant ?? "");
        json.WriteString("m", call.Method);
        json.WriteString("p", call.Query.Length > 0 ? call.Path + "?" + call.Query : call.Path);
        json.WriteString("o", Operation(call));
        json.WriteNumber("s", call.Status);
        if (call.Fault is { } fault)
        {
            json.WriteString("f", fault.ToString());
        }
        // The trace's step name, as the explanation has it, without building the whole explanation for every row.
        json.WriteString("d", call.Trace is { } trace ? Outcomes.CallTrace.Name(trace.DecidedBy) : call.Explanation.DecidedBy);
        json.WriteStartArray("w");
        foreach (var warning in call.Warnings)
        {
            json.WriteStringValue(warning);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The documented operation a call was to (<c>GET /pools</c>), or <c>other</c>.</summary>
    public static string Operation(FakeCall call)
    {
        var path = call.Path.TrimEnd('/');
        foreach (var (operation, _) in Documented.Value)
        {
            var space = operation.IndexOf(' ', StringComparison.Ordinal);
            if (string.Equals(operation[..space], call.Method, StringComparison.OrdinalIgnoreCase)
                && string.Equals("/api/v1" + operation[(space + 1)..], path, StringComparison.OrdinalIgnoreCase))
            {
                return operation;
            }
        }
        return "other";
    }

    public static void WriteCalls(Utf8JsonWriter json, IReadOnlyList<FakeCall> calls, long position)
    {
        json.WriteStartObject();
        json.WriteNumber("position", position);
        json.WriteStartArray("calls");
        foreach (var call in calls)
        {
            WriteRow(json, call);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A call opened: request and response as the journal kept them (redacted), and why the fake answered so.</summary>
    public static void WriteDetail(Utf8JsonWriter json, FakeCall call)
    {
        var explanation = call.Explanation;
        json.WriteStartObject();
        json.WritePropertyName("call");
        WriteRow(json, call);
        json.WriteString("apiKey", call.ApiKey ?? "");
        json.WriteString("requestBody", call.RequestBody ?? "");
        json.WriteString("responseBody", call.ResponseBody ?? "");
        json.WriteString("durationMs", call.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        json.WriteString("rule", explanation.Rule is { } rule
            ? $"#{rule.Number} {rule.Name}" + (rule.TimesLeft is { } left ? $" ({left} left)" : "")
            : "");
        json.WriteString("hint", explanation.Hint ?? "");
        json.WriteString("restsOn", explanation.RestsOn ?? "");
        json.WriteString("explanation", explanation.ToString());
        json.WriteEndObject();
    }

    /// <summary>Tenants → pools → inboxes, each account read at one instant.</summary>
    public static void WriteState(Utf8JsonWriter json, FakeWorld world)
    {
        // The configured keys' account first, then the tenants in the order they were made ("tenant 2" before "tenant 10").
        var accounts = world.Keys.All.Select(g => g.Account).Where(a => !ReferenceEquals(a, world.Primary)).Distinct()
            .OrderBy(a => a.Label?.Length ?? 0).ThenBy(a => a.Label, StringComparer.Ordinal)
            .Prepend(world.Primary).ToList();
        json.WriteStartObject();
        json.WriteStartArray("tenants");
        foreach (var account in accounts)
        {
            var (pools, inboxes) = AccountState.Both(account);
            json.WriteStartObject();
            json.WriteString("name", account.Label ?? "configured keys");
            json.WriteNumber("poolCount", pools.Count);
            json.WriteNumber("inboxCount", inboxes.Count);
            json.WriteStartArray("pools");
            var byPool = inboxes.ToLookup(i => i.PoolId, StringComparer.Ordinal);
            foreach (var pool in pools)
            {
                json.WriteStartObject();
                json.WriteString("id", pool.Id);
                json.WriteString("name", pool.Name);
                json.WriteNumber("inboxCount", pool.InboxCount);
                json.WriteString("createdAt", Time(pool.CreatedAt));
                json.WriteStartArray("inboxes");
                foreach (var inbox in byPool[pool.Id])
                {
                    json.WriteStartObject();
                    json.WriteString("id", inbox.Id);
                    json.WriteString("emailAddress", inbox.EmailAddress);
                    json.WriteString("status", JsonNamingPolicy.CamelCase.ConvertName(inbox.Status.ToString()));
                    json.WriteNumber("dailySendingLimit", inbox.DailySendingLimit);
                    json.WriteString("createdAt", Time(inbox.CreatedAt));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Documented operations × documented statuses, counted from the journal's kept calls, with how many calls it no
    /// longer keeps (<paramref name="dropped"/>: when there are any, a missed cell may have been exercised by one of
    /// them, and the page says so); with coverage tracking on, also the tracker's behaviours (exact over the whole run).
    /// </summary>
    public static void WriteCoverage(Utf8JsonWriter json, IReadOnlyList<FakeCall> calls, long dropped, int capacity, FakeWorld world)
    {
        var counts = new Dictionary<(string, int), long>();
        foreach (var call in calls)
        {
            if (call.Fault is null)
            {
                var key = (Operation(call), call.Status);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        var statuses = Documented.Value.SelectMany(d => d.Statuses).Distinct().Order().ToList();
        json.WriteStartObject();
        json.WriteNumber("calls", calls.Count);
        json.WriteNumber("dropped", dropped);
        json.WriteNumber("journalCapacity", capacity);
        json.WriteStartArray("statuses");
        foreach (var status in statuses)
        {
            json.WriteNumberValue(status);
        }
        json.WriteEndArray();
        json.WriteStartArray("operations");
        foreach (var (operation, documented) in Documented.Value)
        {
            json.WriteStartObject();
            json.WriteString("name", operation);
            json.WriteStartArray("cells");
            foreach (var status in statuses)
            {
                json.WriteStartObject();
                json.WriteNumber("status", status);
                json.WriteBoolean("documented", documented.Contains(status));
                json.WriteNumber("count", counts.GetValueOrDefault((operation, status)));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("tracking", world.Coverage is not null);
        json.WriteStartArray("behaviours");
        if (world.Coverage is { } coverage)
        {
            foreach (var entry in coverage.Report().Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("description", entry.Description);
                json.WriteNumber("count", entry.Calls);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteRules(Utf8JsonWriter json, IReadOnlyList<RuleUsage> rules)
    {
        json.WriteStartObject();
        json.WriteStartArray("rules");
        var position = 0;
        foreach (var usage in rules)
        {
            json.WriteStartObject();
            json.WriteNumber("position", position++);
            json.WriteString("name", usage.Name);
            json.WriteNumber("hits", usage.Used);
            if (usage.Rule.Count is { } count)
            {
                json.WriteNumber("timesLeft", Math.Max(0, count - usage.Used));
            }
            else
            {
                json.WriteNull("timesLeft");
            }
            // The rule alone, as it would be uploaded (the listing is an array of one).
            using (var listing = JsonDocument.Parse(DeepLeadFakeAdmin.FormatRules([usage.Rule])))
            {
                json.WriteString("json", listing.RootElement[0].GetRawText());
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteScenario(Utf8JsonWriter json, IReadOnlyList<string> layers, DeepLeadFakeAdmin admin, bool canLoad)
    {
        json.WriteStartObject();
        json.WriteStartArray("layers");
        foreach (var layer in layers)
        {
            json.WriteStringValue(layer);
        }
        json.WriteEndArray();
        json.WriteString("now", Time(admin.Now));
        json.WriteBoolean("canSetClock", admin.CanSetClock);
        json.WriteBoolean("canLoad", canLoad);
        json.WriteEndObject();
    }

    /// <summary>The host's view (<see cref="DeepLeadFakeAdmin.AddInspectorView"/>): its title and rows, or <c>null</c> without one.</summary>
    public static void WriteHostView(Utf8JsonWriter json, DeepLeadFakeAdmin admin)
    {
        if (admin.InspectorView is not { } view)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteString("title", view.Title);
        json.WriteStartArray("rows");
        foreach (var row in view.Rows())
        {
            json.WriteStartArray();
            foreach (var cell in row)
            {
                json.WriteStringValue(cell);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static byte[] Error(string message, IReadOnlyList<KeyValuePair<string, string>>? details = null) =>
        DeepLeadFakeAdmin.ErrorBody(message, details);

    private static IReadOnlyList<(string, int[])> ReadDocumented()
    {
        using var document = JsonDocument.Parse(DeepLeadOpenApi.Json);
        var result = new List<(string, int[])>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object || !operation.Value.TryGetProperty("responses", out var responses))
                {
                    continue;
                }
                var statuses = responses.EnumerateObject()
                    .Select(r => int.TryParse(r.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0)
                    .Where(s => s > 0)
                    .Order()
                    .ToArray();
                result.Add(($"{operation.Name.ToUpperInvariant()} {path.Name}", statuses));
            }
        }
        return result;
    }
}
