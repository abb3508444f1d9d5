using DeepLead.Fakes.Admin;
using DeepLead.Fakes.Composition;
using System.Text.Json;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Rendering;
using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes;

/// <summary>
/// What a host's admin surface can do to a running fake, beyond what a test needs: the stub's admin API is built on
/// this alone. It hands out data (keys, rules, the clock; pools, inboxes and the journal are on <see cref="DeepLeadFake"/>),
/// never a host's wire format: the stub writes its own admin JSON.
/// </summary>
public sealed class DeepLeadFakeAdmin
{
    private readonly IAdministeredFake _fake;

    internal DeepLeadFakeAdmin(IAdministeredFake fake) => _fake = fake;

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

    /// <summary>
    /// Adds a view of the host's to the inspector page (docs/inspector.md), after its own: a table under
    /// <paramref name="title"/>, read when the view is opened (and into the report file). The first row is the headings.
    /// Every cell is shown as text. The stub's shadow mode shows its report's groups and suggested settings this way.
    /// </summary>
    public void AddInspectorView(string title, Func<IReadOnlyList<IReadOnlyList<string>>> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(rows);
        InspectorView = (title, rows);
    }

    /// <summary>The host's view for the inspector, if one was added (one: the last added).</summary>
    internal (string Title, Func<IReadOnlyList<IReadOnlyList<string>>> Rows)? InspectorView { get; private set; }

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

    /// <summary>
    /// The pools and inboxes of the fake's configured keys, read at one instant (as <see cref="DeepLeadFake.Pools"/>
    /// and <see cref="DeepLeadFake.Inboxes"/>, but the pools' inbox counts and the inboxes always agree, even while
    /// calls are being served).
    /// </summary>
    public (IReadOnlyList<FakePool> Pools, IReadOnlyList<FakeInbox> Inboxes) ReadState() => AccountState.Both(World.Primary);

    /// <summary>
    /// The keys the fake accepts (its configured keys and its tenants'), with their permissions in
    /// <see cref="Permissions.All"/> order. Keys are redacted as in the journal (<c>dl_y…(20)</c>): enough to tell them apart.
    /// </summary>
    public IReadOnlyList<FakeApiKey> ApiKeys =>
        [.. World.Keys.All
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FakeApiKey(Redaction.ApiKey(g.Key), [.. Permissions.All.Where(g.Allows)]))];

    /// <summary>
    /// Rules in the scenario file's rule format, as a JSON array (the reverse of <see cref="ParseRules"/>): for a
    /// scenario file, or for a running stub's <c>POST /__admin/deeplead/rules</c>.
    /// </summary>
    public static string FormatRules(IEnumerable<FakeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        if (list.Contains(null!))
        {
            throw new ArgumentNullException(nameof(rules), "A rule is null.");
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            RuleListing.Write(json, list);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>What the admin seam needs of the fake it serves (the fake implements it; Admin stays below the facade).</summary>
internal interface IAdministeredFake
{
    FakeWorld World { get; }

    WireMock.Server.WireMockServer? WireMockServer { get; }

    void Reload(IReadOnlyList<ScenarioSource> scenarios);

    /// <summary>The names of the scenarios the state was last built from, in order.</summary>
    IReadOnlyList<string> ScenarioNames { get; }
}
