using System.Globalization;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The admin API's JSON, written by hand so that what leaves the stub is exactly what is documented: keys redacted,
/// passwords reduced to "was one given", optional values omitted rather than null.
/// </summary>
internal static class AdminJson
{
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] State(DeepLeadFake fake, IReadOnlyList<ScenarioLayer> layers) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("scenarios");
        WriteLayers(json, layers);
        WriteStateProperties(json, fake);
        json.WriteEndObject();
    });

    /// <summary>Keys (redacted by the library), pools, inboxes with their stored-only settings, rules.</summary>
    private static void WriteStateProperties(Utf8JsonWriter json, DeepLeadFake fake)
    {
        json.WriteStartArray("apiKeys");
        foreach (var key in fake.Admin.ApiKeys)
        {
            json.WriteStartObject();
            json.WriteString("key", key.Key);
            json.WriteStartArray("permissions");
            foreach (var permission in key.Permissions ?? [])
            {
                json.WriteStringValue(permission);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        var (pools, inboxes) = fake.Admin.ReadState();
        json.WriteStartArray("pools");
        foreach (var pool in pools)
        {
            json.WriteStartObject();
            json.WriteString("id", pool.Id);
            json.WriteString("name", pool.Name);
            json.WriteNumber("inboxCount", pool.InboxCount);
            json.WriteString("createdAt", Timestamp(pool.CreatedAt));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("inboxes");
        foreach (var inbox in inboxes)
        {
            WriteInbox(json, inbox);
        }
        json.WriteEndArray();
        json.WritePropertyName("rules");
        WriteRules(json, fake);
    }

    /// <summary>The documented six fields as the API writes them, then the stored-only settings; of a password only whether one was given.</summary>
    private static void WriteInbox(Utf8JsonWriter json, FakeInbox inbox)
    {
        json.WriteStartObject();
        json.WriteString("id", inbox.Id);
        json.WriteString("emailAddress", inbox.EmailAddress);
        json.WriteString("poolId", inbox.PoolId);
        json.WriteString("status", JsonNamingPolicy.CamelCase.ConvertName(inbox.Status.ToString()));
        json.WriteNumber("dailySendingLimit", inbox.DailySendingLimit);
        json.WriteString("createdAt", Timestamp(inbox.CreatedAt));
        WriteIfSet(json, "provider", inbox.Provider);
        WriteIfSet(json, "imapHost", inbox.ImapHost);
        if (inbox.ImapPort is { } imapPort)
        {
            json.WriteNumber("imapPort", imapPort);
        }
        WriteIfSet(json, "smtpHost", inbox.SmtpHost);
        if (inbox.SmtpPort is { } smtpPort)
        {
            json.WriteNumber("smtpPort", smtpPort);
        }
        WriteIfSet(json, "imapUsername", inbox.ImapUsername);
        WriteIfSet(json, "smtpUsername", inbox.SmtpUsername);
        json.WriteBoolean("hasImapPassword", inbox.ImapPasswordGiven);
        json.WriteBoolean("hasSmtpPassword", inbox.SmtpPasswordGiven);
        json.WriteBoolean("skipConnectionTest", inbox.SkipConnectionTest);
        json.WriteEndObject();
    }

    /// <summary>The rules in force as an array in the scenario file's rule format, so a rule read here can be pasted into a scenario.</summary>
    private static void WriteRules(Utf8JsonWriter json, DeepLeadFake fake)
    {
        // Re-read so the rules are indented and escaped like the rest of the admin document.
        using var rules = JsonDocument.Parse(DeepLeadFakeAdmin.FormatRules(fake.Admin.Rules));
        rules.RootElement.WriteTo(json);
    }

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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
        WriteRules(json, fake);
        json.WriteEndObject();
    });

    /// <summary>The kept calls after sequence number <paramref name="since"/>, oldest first, as the journal recorded them (redacted).</summary>
    public static byte[] Journal(DeepLeadFake fake, long since) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("capacity", fake.Journal.Capacity);
        json.WriteStartArray("calls");
        foreach (var call in fake.Journal.CallsSince(since))
        {
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

    /// <summary>One entry of an error's <c>details</c>.</summary>
    public readonly record struct FieldProblem(string Field, string Message);

    public const string ValidationFailed = "Validation failed";

    /// <summary>The documented error shape, written by the library as the API's own errors are.</summary>
    public static byte[] Error(string message, IReadOnlyList<FieldProblem>? details) =>
        DeepLeadFakeAdmin.ErrorBody(message, details?.Select(d => KeyValuePair.Create(d.Field, d.Message)).ToList());
}
