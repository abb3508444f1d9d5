namespace DeepLead.Fakes;

/// <summary>
/// How a fake starts: scenario files first (in order), then what is set here in code on top of them.
/// Everything is optional: with nothing set, the fake has one key with every permission and no data.
/// </summary>
public sealed class DeepLeadFakeOptions
{
    /// <summary>
    /// Scenarios applied in order (later ones add to and override earlier ones), before everything set here in code:
    /// <c>ScenarioSource.File("scenarios/default.json")</c>, <c>ScenarioSource.Shipped("large")</c>, <c>ScenarioSource.Json(text)</c>.
    /// </summary>
    public IList<ScenarioSource> Scenarios { get; } = [];

    /// <summary>Adds a scenario file (shorthand for <c>Scenarios.Add(ScenarioSource.File(path))</c>).</summary>
    public DeepLeadFakeOptions AddScenarioFile(string path)
    {
        Scenarios.Add(ScenarioSource.File(path));
        return this;
    }

    /// <summary>Forced behaviour, after the scenarios' rules: first match wins.</summary>
    public IList<FakeRule> Rules { get; } = [];

    /// <summary>Bulk data made with Bogus from the seed, after the pools and inboxes set here.</summary>
    public DataGeneration? Generate { get; set; }

    /// <summary>WireMock.Net mappings in its JSON format (one mapping or an array each), matched ahead of the fake (port transport only).</summary>
    public IList<string> WireMockMappings { get; } = [];

    /// <summary>Keys the fake accepts, in addition to the scenarios' keys.</summary>
    public IList<FakeApiKey> ApiKeys { get; } = [];

    public IList<PoolDefinition> Pools { get; } = [];

    public IList<InboxDefinition> Inboxes { get; } = [];

    /// <summary>A fixed "now" for creation times and auto-created pool names; overrides a scenario's clock.</summary>
    public DateTimeOffset? Clock { get; set; }

    /// <summary>A clock of your own (a fake <see cref="System.TimeProvider"/>, say); wins over <see cref="Clock"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Makes every generated id deterministic; overrides a scenario's seed. Default 0.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// The largest batch <c>POST /inboxes</c> accepts. Default 100, a guess: the documentation sets no batch limit;
    /// <see cref="NoBatchLimit"/> for none (scenario <c>"maxBatchSize": null</c>).
    /// </summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>The <see cref="MaxBatchSize"/> that means "no limit".</summary>
    public const int NoBatchLimit = int.MaxValue;

    /// <summary>Body fields the documentation does not name: ignored and reported (the default) or rejected with 400.</summary>
    public FakeLeniency? UnknownFields { get; set; }

    /// <summary>Query parameters an endpoint does not document (any on <c>POST</c>): ignored and reported (the default) or rejected.</summary>
    public FakeLeniency? UnknownQueryParameters { get; set; }

    /// <summary>Empty query values (<c>?poolId=</c>): read as not given and reported (the default) or rejected.</summary>
    public FakeLeniency? EmptyQueryValues { get; set; }

    /// <summary>
    /// The strict preset, as the shipped scenario <c>strict</c>: unknown fields, unknown query parameters, empty query
    /// values, near-miss names, nulls, duplicate keys, repeated parameters, a <c>limit</c> above the maximum and a
    /// <c>provider</c> in another case or with white space are rejected with 400, so a typo fails the test instead of being ignored.
    /// </summary>
    public DeepLeadFakeOptions UseStrictValidation()
    {
        UnknownFields = FakeLeniency.Reject;
        UnknownQueryParameters = FakeLeniency.Reject;
        EmptyQueryValues = FakeLeniency.Reject;
        NearMissNames = FakeLeniency.Reject;
        NullValues = FakeLeniency.Reject;
        DuplicateKeys = FakeLeniency.Reject;
        RepeatedQueryParameters = FakeLeniency.Reject;
        LimitAboveMaximum = FakeLeniency.Reject;
        ProviderCase = FakeLeniency.Reject;
        ProviderWhitespace = FakeLeniency.Reject;
        return this;
    }

    /// <summary>
    /// A query parameter or body field one letter case, a <c>[]</c> suffix or at most two edits away from a documented
    /// name of the endpoint (<c>status[]</c>, <c>LIMIT</c>, <c>dailyLimit</c>): 400 "did you mean" (the default) or
    /// ignored and reported like any unknown name.
    /// </summary>
    public FakeLeniency? NearMissNames { get; set; }

    /// <summary>A documented body field sent as <c>null</c>: read as not given and reported (the default) or 400.</summary>
    public FakeLeniency? NullValues { get; set; }

    /// <summary>A JSON object with the same key twice: the last value read and reported (the default, as JavaScript reads it) or 400.</summary>
    public FakeLeniency? DuplicateKeys { get; set; }

    /// <summary>A documented query parameter given twice: 400 (the default) or the last value read and reported.</summary>
    public FakeLeniency? RepeatedQueryParameters { get; set; }

    /// <summary><c>limit</c> above <see cref="MaxLimit"/>: 400 (the default) or clamped to the maximum and reported.</summary>
    public FakeLeniency? LimitAboveMaximum { get; set; }

    /// <summary><c>provider</c> in another letter case (<c>"Google"</c>): read and reported (the default) or 400.</summary>
    public FakeLeniency? ProviderCase { get; set; }

    /// <summary><c>provider</c> with surrounding white space (<c>" google"</c>): 400 (the default) or trimmed and reported.</summary>
    public FakeLeniency? ProviderWhitespace { get; set; }

    /// <summary>What a failed single-object create answers: its status and the error shape (default) or 200 with the batch envelope.</summary>
    public SingleCreateAnswer? SingleCreateAnswer { get; set; }

    /// <summary>The status of a batch in which every item failed: 200 (default), 207, or 400 in the error shape.</summary>
    public FailedBatchStatus? FailedBatchStatus { get; set; }

    /// <summary>Whether every auto-filled created item lists <c>autoFilledFields</c> (default) or none does.</summary>
    public AutoFilledFieldsVariant? AutoFilledFields { get; set; }

    /// <summary><c>createdAt</c> in whole seconds (default) or milliseconds.</summary>
    public TimestampPrecision? TimestampPrecision { get; set; }

    /// <summary>Which addresses collide with 409: per account ignoring case (default), per account case-sensitive, or per pool.</summary>
    public EmailUniqueness? EmailUniqueness { get; set; }

    /// <summary>What a list filtered by a well-formed id of no pool answers: 404 (default) or an empty page.</summary>
    public UnknownPoolFilter? UnknownPoolFilter { get; set; }

    /// <summary>
    /// Every client and handler the fake makes throws <see cref="FakeWarningException"/> on an answer in which the fake
    /// ignored something (the <c>X-DeepLead-Fake-Warning</c> header), so the test that sent it fails. Off by default.
    /// </summary>
    public bool FailOnWarnings { get; set; }

    /// <summary>
    /// Every client and handler the fake makes throws <see cref="FakeVerificationException"/> on an answer to an unknown
    /// route or a wrong method (the <c>X-DeepLead-Fake-Hint</c> header), with the hint; the test fixtures also fail a
    /// test for such calls made any other way. Off by default.
    /// </summary>
    public bool FailOnUnknownRoutes { get; set; }

    /// <summary>
    /// For the test fixtures: a rule that never fired fails the test when the fixture ends it (xUnit: the fixture's
    /// dispose; NUnit: each test's tear-down, for its tenant's rules), naming the rule. Off by default.
    /// </summary>
    public bool FailOnUnusedRules { get; set; }

    /// <summary>The page size when <c>limit</c> is not given. Default 100.</summary>
    public int? DefaultLimit { get; set; }

    /// <summary>The largest <c>limit</c> accepted. Default 1000.</summary>
    public int? MaxLimit { get; set; }

    /// <summary>A real port (the default) or in memory.</summary>
    public FakeTransport Transport { get; set; } = FakeTransport.WireMock;

    /// <summary>The interface the fake listens on. Default 127.0.0.1: tests should never expose it.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>How many calls the journal keeps (the oldest are dropped first); 0 keeps none. Default 10,000.</summary>
    public int JournalCapacity { get; set; } = Journal.CallJournal.DefaultCapacity;

    /// <summary>
    /// The most inboxes the scenarios and these options may define together (files, <see cref="Inboxes"/> and
    /// <see cref="Generate"/>); one more is a <see cref="ScenarioException"/> at that inbox, so a runaway file fails
    /// with a message instead of exhausting memory. Inboxes created through the API are not counted.
    /// Default 2,000,000 (about 1 GiB for the stub).
    /// </summary>
    public int MaxScenarioInboxes { get; set; } = DefaultMaxScenarioInboxes;

    /// <summary>The default of <see cref="MaxScenarioInboxes"/>.</summary>
    internal const int DefaultMaxScenarioInboxes = 2_000_000;

    /// <summary>Where the fake logs each call (method, path, status, time; never a secret). Default: nowhere.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; set; }

    /// <summary>
    /// Count which documented endpoints, statuses and error paths the calls exercise: read it with
    /// <see cref="DeepLeadFake.GetCoverageReport"/>, and it is logged when the fake is disposed. Off by default.
    /// </summary>
    public bool TrackCoverage { get; set; }

    /// <summary>Where to write the coverage report as JSON when the fake is disposed (turns coverage on).</summary>
    public string? CoverageReportPath { get; set; }

    /// <summary>
    /// WireMock.Net's own <c>/__admin</c> interface (health, mappings, requests). Off by default: its ~50 admin mappings
    /// are matched against every request WireMock.Net handles, and tests rarely need them. Port transport only.
    /// </summary>
    public bool EnableWireMockAdmin { get; set; }

    /// <summary>
    /// Middleware of the host's, run ahead of WireMock.Net's pipeline and of the fake's API (the stub's admin API and
    /// token check live here). It must pass <c>/api/v1</c> requests on. An exception it lets escape is answered with the
    /// documented 500 shape and logged (its type only) to <see cref="Logger"/>. Port transport only.
    /// </summary>
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder>? WireMockPipeline { get; set; }

    /// <summary>
    /// The token the inspector page (<c>/__admin/deeplead/ui/</c>) asks for once, before it sets its session cookie;
    /// null (the default): no token, as fits a fake on loopback. The stub passes its admin token.
    /// </summary>
    public string? InspectorToken { get; set; }
}
