using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rendering;
using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>
/// What a host's admin surface can do to a running fake, beyond what a test needs: the stub's admin API is built on
/// this alone. State, rules and the journal are written in the admin API's documented JSON (docs/admin-api.md): keys
/// redacted, passwords reduced to "was one given", optional values omitted rather than null.
/// </summary>
public sealed class DeepLeadFakeAdmin
{
    private readonly DeepLeadFake _fake;

    internal DeepLeadFakeAdmin(DeepLeadFake fake) => _fake = fake;

    private FakeWorld World => _fake.World;

    /// <summary>The rules in force for the fake's configured keys, first match first.</summary>
    public IReadOnlyList<FakeRule> Rules => World.Primary.Rules.Snapshot();

    /// <summary>Removes every rule of the fake's configured keys (the scenarios' and those added since).</summary>
    public void ClearRules() => World.Primary.Rules.Clear();

    /// <summary>
    /// One rule (an object) or several (an array) in the scenario file's rule format, all checked before any is returned.
    /// </summary>
    /// <exception cref="ScenarioException">Where the first problem is (JSON path, line, column) and what it is.</exception>
    public static IReadOnlyList<FakeRule> ParseRules(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return RuleFormat.ParseMany(json, "rule");
    }

    /// <summary>Checks a scenario uploaded at runtime: valid, and without WireMock.Net mappings (those load only at start).</summary>
    /// <exception cref="ScenarioException">Where the problem is and what it is.</exception>
    public static void CheckRuntimeScenario(byte[] json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = ScenarioLoader.Load(json, name);
        if (parsed.Model.Wiremock is not null)
        {
            throw parsed.Error("$.wiremock", "WireMock.Net mappings are loaded only at start; add them at runtime with WireMock.Net's POST /__admin/mappings");
        }
    }

    /// <summary>
    /// Replaces the whole state with these scenarios (then the fake's code options, as at start). The journal is kept;
    /// tenants and rules added at runtime are dropped; WireMock.Net mappings are not reloaded. On any problem the state
    /// stays as it was.
    /// </summary>
    /// <exception cref="ScenarioException">A scenario cannot be loaded: where and why.</exception>
    public void Reload(IEnumerable<ScenarioSource> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        _fake.Reload([.. scenarios]);
    }

    /// <summary>True when the fake's clock can be set here; false when it runs on a <see cref="TimeProvider"/> of the user's.</summary>
    public bool CanSetClock => World.Clock is not null;

    /// <summary>The fake's "now".</summary>
    public DateTimeOffset Now => World.Time.GetUtcNow();

    /// <summary>Sets the fake's clock (until the next reset or reload, which start again from the scenarios' clock).</summary>
    /// <exception cref="InvalidOperationException">The fake runs on a <see cref="TimeProvider"/> of the user's.</exception>
    public void SetClock(DateTimeOffset now) => Clock.Set(now);

    /// <summary>Moves the fake's clock by <paramref name="by"/> (negative goes back).</summary>
    /// <exception cref="InvalidOperationException">The fake runs on a <see cref="TimeProvider"/> of the user's.</exception>
    public void AdvanceClock(TimeSpan by) => Clock.Advance(by);

    private AdjustableClock Clock => World.Clock ?? throw new InvalidOperationException("The fake runs on a TimeProvider of its own; drive that one instead.");

    /// <summary>The WireMock.Net server behind the port transport (null in memory), for a host's own mappings.</summary>
    public WireMock.Server.WireMockServer? WireMockServer => _fake.WireMockServer;

    /// <summary>
    /// A body in the documented error shape, <c>{"error": "...", "details": [{"field": "...", "message": "..."}]}</c>
    /// (details only when given), written as the API writes its own errors: for a host's answers beside the API's.
    /// </summary>
    public static byte[] ErrorBody(string message, IReadOnlyList<KeyValuePair<string, string>>? details = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ApiRenderer.Error(0, message, details?.Select(d => new FieldError(d.Key, d.Value)).ToList()).Body;
    }

    /// <summary>Writes the state's properties (<c>apiKeys</c>, <c>pools</c>, <c>inboxes</c>, <c>rules</c>) into the object <paramref name="json"/> is writing.</summary>
    public void WriteStateProperties(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var world = World;
        var (pools, inboxes) = world.Primary.Store.Read(reader => (reader.PoolsInOrder().ToList(), reader.InboxesInOrder().ToList()));
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
        WriteRules(json);
    }

    /// <summary>Writes the rules in force as an array in the scenario file's rule format, so a rule read here can be pasted into a scenario.</summary>
    public void WriteRules(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartArray();
        foreach (var rule in Rules)
        {
            RuleFormat.Write(json, rule);
        }
        json.WriteEndArray();
    }

    /// <summary>Writes <c>{"capacity": N, "calls": [...]}</c>: the kept calls after sequence number <paramref name="since"/>, oldest first, as recorded (redacted).</summary>
    public void WriteJournal(Utf8JsonWriter json, long since)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("capacity", World.Journal.Capacity);
        json.WriteStartArray("calls");
        foreach (var call in _fake.Journal.CallsSince(since))
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
    }

    /// <summary>The documented six fields, then the stored-only settings; of a password only whether one was given.</summary>
    private static void WriteInbox(Utf8JsonWriter json, FakeInbox inbox)
    {
        var connection = inbox.Connection;
        json.WriteStartObject();
        ApiRenderer.WriteInboxFields(json, inbox, TimestampPrecision.Seconds);
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
}
