using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepLead.Fakes.Journal;
using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.Rendering;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The admin API's JSON, written by hand so that what leaves the stub is exactly what is documented: keys redacted,
/// passwords reduced to "was one given", optional values omitted rather than null.
/// </summary>
internal static class AdminJson
{
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Rules are shown in the scenario file's format, so a rule read here can be pasted into a scenario.</summary>
    private static readonly JsonSerializerOptions RuleOptions = new(ScenarioLoader.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] State(DeepLeadFake fake, IReadOnlyList<ScenarioLayer> layers)
    {
        var world = fake.World;
        var (pools, inboxes) = world.Primary.Store.Read(reader => (reader.PoolsInOrder().ToList(), reader.InboxesInOrder().ToList()));
        return Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("scenarios");
            WriteLayers(json, layers);
            json.WriteStartArray("apiKeys");
            foreach (var grant in world.Keys.All.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("key", Redaction.ApiKey(grant.Key));
                json.WriteStartArray("permissions");
                foreach (var permission in Permissions.All.Where(grant.Allows))
                {
                    json.WriteStringValue(permission);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("pools");
            foreach (var (pool, inboxCount) in pools)
            {
                ApiRenderer.WritePool(json, pool, inboxCount, TimestampPrecision.Seconds);
            }
            json.WriteEndArray();
            json.WriteStartArray("inboxes");
            foreach (var inbox in inboxes)
            {
                WriteInbox(json, inbox);
            }
            json.WriteEndArray();
            json.WritePropertyName("rules");
            WriteRules(json, world.Primary.Rules.Snapshot());
            json.WriteEndObject();
        });
    }

    /// <summary>The documented six fields, then the stored-only settings; of a password only whether one was given.</summary>
    private static void WriteInbox(Utf8JsonWriter json, InboxRecord inbox)
    {
        var connection = inbox.Connection;
        json.WriteStartObject();
        json.WriteString("id", inbox.Id);
        json.WriteString("emailAddress", inbox.EmailAddress);
        json.WriteString("poolId", inbox.PoolId);
        json.WriteString("status", inbox.Status.ToApiValue());
        json.WriteNumber("dailySendingLimit", inbox.DailySendingLimit);
        json.WriteString("createdAt", ApiRenderer.FormatTimestamp(inbox.CreatedAt));
        WriteIfSet(json, "provider", connection.Provider);
        WriteIfSet(json, "imapHost", connection.ImapHost);
        if (connection.ImapPort is { } imapPort)
        {
            json.WriteNumber("imapPort", imapPort);
        }
        WriteIfSet(json, "smtpHost", connection.SmtpHost);
        if (connection.SmtpPort is { } smtpPort)
        {
            json.WriteNumber("smtpPort", smtpPort);
        }
        WriteIfSet(json, "imapUsername", connection.ImapUsername);
        WriteIfSet(json, "smtpUsername", connection.SmtpUsername);
        json.WriteBoolean("hasImapPassword", connection.ImapPasswordHash is not null);
        json.WriteBoolean("hasSmtpPassword", connection.SmtpPasswordHash is not null);
        json.WriteBoolean("skipConnectionTest", connection.SkipConnectionTest);
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    public static byte[] Scenarios(IReadOnlyList<ScenarioLayer> layers) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("scenarios");
        WriteLayers(json, layers);
        json.WriteEndObject();
    });

    private static void WriteLayers(Utf8JsonWriter json, IReadOnlyList<ScenarioLayer> layers)
    {
        json.WriteStartArray();
        foreach (var layer in layers)
        {
            json.WriteStartObject();
            json.WriteString("name", layer.Name);
            json.WriteString("loaded", layer.FromStart ? "start" : "admin");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static byte[] Rules(DeepLeadFake fake) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("rules");
        WriteRules(json, fake.World.Primary.Rules.Snapshot());
        json.WriteEndObject();
    });

    private static void WriteRules(Utf8JsonWriter json, IReadOnlyList<FakeRule> rules)
    {
        json.WriteStartArray();
        foreach (var rule in rules)
        {
            JsonSerializer.Serialize(json, ScenarioRules.FromRule(rule), RuleOptions);
        }
        json.WriteEndArray();
    }

    /// <summary>The kept calls after sequence number <paramref name="since"/>, oldest first, as the journal recorded them (redacted).</summary>
    public static byte[] Journal(CallJournal journal, long since) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("capacity", journal.Capacity);
        json.WriteStartArray("calls");
        foreach (var call in journal.Snapshot())
        {
            if (call.Sequence <= since)
            {
                continue;
            }
            json.WriteStartObject();
            json.WriteNumber("sequence", call.Sequence);
            json.WriteString("timestamp", call.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("method", call.Method);
            json.WriteString("path", call.Path);
            json.WriteString("query", call.Query);
            WriteIfSet(json, "apiKey", call.ApiKey);
            WriteIfSet(json, "requestBody", call.RequestBody);
            json.WriteNumber("status", call.Status);
            WriteIfSet(json, "responseBody", call.ResponseBody);
            WriteIfSet(json, "forcedBy", call.ForcedBy);
            if (call.Abandoned)
            {
                json.WriteBoolean("abandoned", true);
            }
            if (call.Fault is { } fault)
            {
                json.WriteString("fault", JsonNamingPolicy.CamelCase.ConvertName(fault.ToString()));
            }
            json.WriteNumber("durationMs", Math.Round(call.Duration.TotalMilliseconds, 3));
            json.WriteStartArray("warnings");
            foreach (var warning in call.Warnings)
            {
                json.WriteStringValue(warning);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>
    /// One rule (an object) or several (an array), in the scenario file's rule format, all checked before any is used.
    /// </summary>
    /// <exception cref="ScenarioException">Where the first problem is (JSON path, line, column) and what it is.</exception>
    public static List<FakeRule> ParseRules(byte[] body)
    {
        const string origin = "rule";
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
            throw new ScenarioException(origin, exception.Path, exception.LineNumber + 1, exception.BytePositionInLine + 1, DeepLead.Fakes.Scenarios.ScenarioLoader.Explain(exception), exception);
        }
        if (parsed.Count == 0)
        {
            throw new ScenarioException(origin, "$", 1, 1, "the array is empty: give at least one rule");
        }
        var rules = new List<FakeRule>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            var path = kind == JsonTokenType.StartArray ? $"$[{i}]" : "$";
            rules.Add(parsed[i] is { } rule ? ScenarioRules.ToRule(rule, layer, path) : throw layer.Error(path, "expected a rule object, found null"));
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
