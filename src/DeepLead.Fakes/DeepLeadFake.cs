using DeepLead.Fakes.Composition;
using System.Net.Http.Headers;
using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.World;
using DeepLead.Fakes.Transports;
using Microsoft.Extensions.Logging;
using DeepLead.Fakes.Pipeline;

namespace DeepLead.Fakes;

/// <summary>
/// A running fake of the DeepLead API. Start one per test (it takes milliseconds), or share one and give each
/// test its own tenant (<see cref="CreateTenant"/>) or <see cref="Reset"/> it between tests.
/// <code>
/// await using var fake = await DeepLeadFake.StartAsync();
/// using var client = fake.CreateClient();
/// var pools = await client.GetStringAsync("pools");
/// </code>
/// </summary>
public sealed partial class DeepLeadFake : IAsyncDisposable, IDisposable, IAdministeredFake
{
    private readonly DeepLeadFakeOptions _options;
    private readonly ApiSwitch _api;
    private readonly IFakeTransport _transport;
    private volatile FakeWorld _world;
    private int _tenantCount;
    private int _disposed;

    private DeepLeadFake(DeepLeadFakeOptions options, FakeWorld world, ApiSwitch api, IFakeTransport transport, Inspector.InspectorPage inspector)
    {
        _options = options;
        _inspector = inspector;
        _scenarioNames = [.. options.Scenarios.Select(s => s.Description)];
        _world = world;
        _api = api;
        _transport = transport;
        BaseAddress = new Uri(transport.RootAddress, "api/v1/");
        Journal = new FakeJournal(world.Journal, world.Sequence, accountTag: null);
        inspector.Attach(new Inspector.InspectorSource(this, Admin, Journal));
    }

    /// <summary>
    /// Starts a fake: on a free port of 127.0.0.1 by default, or in memory (<see cref="DeepLeadFakeOptions.Transport"/>).
    /// Throws <see cref="ScenarioException"/> for a scenario that cannot be loaded.
    /// </summary>
    public static async Task<DeepLeadFake> StartAsync(DeepLeadFakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new DeepLeadFakeOptions();
        var coverage = options.TrackCoverage || options.CoverageReportPath is not null ? new Coverage.CoverageTracker() : null;
        // A host with middleware of its own (the stub) keeps the scenario layers in its admin API.
        var inspector = new Inspector.InspectorPage(options.InspectorToken, canLoadScenarios: options.WireMockPipeline is null);
        if (options.Transport == FakeTransport.InMemory)
        {
            var world = FakeWorld.Create(options, coverage: coverage);
            if (world.WireMockMappings.Count > 0)
            {
                throw new ScenarioException("wiremock", "$.wiremock", null, null, "WireMock.Net mappings need the WireMock transport; the in-memory transport has no WireMock server");
            }
            var switchboard = new ApiSwitch(world.Api);
            return new DeepLeadFake(options, world, switchboard, InMemoryTransport.Start(switchboard, ApiSettings.DefaultMaxBodyBytes), inspector);
        }

        // Reading the scenarios (mostly JIT work the first time in a process) and starting WireMock.Net take about as
        // long as each other: done side by side, a process that starts one fake, like the stub, is ready sooner.
        var api = new ApiSwitch();
        var building = Task.Run(() => FakeWorld.Create(options, coverage: coverage), CancellationToken.None);
        WireMockTransport transport;
        try
        {
            transport = WireMockTransport.Start(api, ApiSettings.DefaultMaxBodyBytes, options.Host, options.Port, options.EnableWireMockAdmin, WithInspector(options.WireMockPipeline, inspector), options.Logger);
        }
        catch (InvalidOperationException)
        {
            api.Abandon();
            // A scenario that cannot load is the first thing to fix, as when the world was built before the port opened.
            if (await FailureOf(building).ConfigureAwait(false) is { } scenarioProblem)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(scenarioProblem);
            }
            throw;
        }
        try
        {
            var world = await building.ConfigureAwait(false);
            try
            {
                transport.AddMappings(world.WireMockMappings);
            }
            catch (MappingRefusedException refused)
            {
                throw new ScenarioException("wiremock", "$.wiremock", null, null, refused.Message, refused.InnerException);
            }
            api.Current = world.Api;
            return new DeepLeadFake(options, world, api, transport, inspector);
        }
        catch
        {
            api.Abandon();
            transport.Dispose();
            throw;
        }
    }

    /// <summary>The scenario problem the world's build ended in, if it did (waiting for it).</summary>
    private static async Task<ScenarioException?> FailureOf(Task<FakeWorld> building)
    {
        try
        {
            await building.ConfigureAwait(false);
            return null;
        }
        catch (ScenarioException exception)
        {
            return exception;
        }
#pragma warning disable CA1031 // Any other failure of the build is not the one to report here: the transport's is.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>
    /// Starts preparing the scenario reader (about 150 ms of one-off work per process) on a background thread, so a
    /// fake started soon after is ready sooner; a fake that starts meanwhile waits for it rather than repeat it. For a
    /// host that starts one fake as its first job, like the stub; tests need not call it.
    /// </summary>
    public static void BeginWarmUp() => Scenarios.ScenarioLoader.BeginWarmUp();

    /// <summary>The API's base address, ending in <c>/api/v1/</c>: relative paths like <c>"pools"</c> resolve under it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's root address (the API lives under <c>api/v1/</c>).</summary>
    internal Uri RootAddress => _transport.RootAddress;

    internal FakeWorld World => _world;

    /// <summary>What a host's admin surface can do to this fake (the stub's admin API is built on it): state, rules, journal, clock, reloading.</summary>
    public DeepLeadFakeAdmin Admin => _admin ??= new DeepLeadFakeAdmin(this);

    private DeepLeadFakeAdmin? _admin;

    /// <summary>The WireMock.Net server behind the port transport (null in memory): for the stub's admin endpoints.</summary>
    internal WireMock.Server.WireMockServer? WireMockServer => (_transport as WireMockTransport)?.Server;

    FakeWorld IAdministeredFake.World => World;

    WireMock.Server.WireMockServer? IAdministeredFake.WireMockServer => WireMockServer;

    void IAdministeredFake.Reload(IReadOnlyList<ScenarioSource> scenarios) => Reload(scenarios);

    IReadOnlyList<string> IAdministeredFake.ScenarioNames => _scenarioNames;

    /// <summary>
    /// Replaces the whole state with these scenarios (then the code options, as at start): for the stub's admin API.
    /// The journal is kept; tenants and rules added at runtime are dropped. WireMock mappings are not reloaded.
    /// </summary>
    internal void Reload(IReadOnlyList<ScenarioSource> scenarios)
    {
        var world = FakeWorld.Create(_options, scenarios, previous: _world);
        _world = world;
        _scenarioNames = [.. scenarios.Select(s => s.Description)];
        _api.Current = world.Api;
    }

    /// <summary>
    /// The key <see cref="CreateClient"/> sends unless given another: the first configured key with every permission;
    /// when no key has every permission (the shipped <c>read-only-key</c> scenario), the first key configured, so a
    /// client with it gets 403 where that key lacks the permission. Never null: with no key configured it is
    /// <c>dl_test_api_key</c>, which has every permission.
    /// </summary>
    public string ApiKey => _world.PrimaryApiKey;

    /// <summary>Every call the fake received (all tenants), redacted and capped.</summary>
    public FakeJournal Journal { get; }

    /// <summary>A handler that reaches the fake: a socket handler for the port, TestHost's handler in memory.</summary>
    public HttpMessageHandler CreateHandler()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var handler = _transport.CreateHandler();
        handler = _options.FailOnUnknownRoutes ? new Verify.FailOnUnknownRouteHandler(handler) : handler;
        return _options.FailOnWarnings ? new FailOnWarningHandler(handler) : handler;
    }

    /// <summary>An <see cref="HttpClient"/> with <see cref="BaseAddress"/> and a bearer key preset (<see cref="ApiKey"/> unless given).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient(CreateHandler(), disposeHandler: true) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? ApiKey);
        return client;
    }

    /// <summary>
    /// Back to the initial state: the scenarios' and options' pools, inboxes and rules (with full counts), the clock
    /// the scenarios started with (one set or advanced through <see cref="Admin"/> goes back), and so the same id
    /// sequence. Rules added with <see cref="AddRule"/> are removed; tenants' data is not affected.
    /// </summary>
    public void Reset() => _world.Reset();

    /// <summary>The pools as the fake holds them now, in list order.</summary>
    public IReadOnlyList<FakePool> Pools => AccountState.Pools(_world.Primary);

    /// <summary>The inboxes as the fake holds them now, in list order, with their stored-only settings.</summary>
    public IReadOnlyList<FakeInbox> Inboxes => AccountState.Inboxes(_world.Primary);

    /// <summary>Forces behaviour from now on, after the scenario's rules: <c>fake.AddRule(FakeRule.On("POST", "/inboxes").Times(2).RespondWith(500))</c>.</summary>
    public void AddRule(FakeRule rule) => _world.Primary.Rules.Add(rule);

    /// <summary>
    /// A fresh, isolated copy of the scenario's state and rules behind a new key with every permission (or those given):
    /// parallel tests sharing one fake never see each other's pools, inboxes or forced failures. Dispose it to drop it.
    /// </summary>
    public DeepLeadTenant CreateTenant(IEnumerable<string>? permissions = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var granted = (permissions ?? Permissions.All).ToHashSet(StringComparer.Ordinal);
        foreach (var permission in granted)
        {
            if (!Permissions.IsKnown(permission))
            {
                throw new ArgumentException($"Unknown permission '{permission}'; expected {string.Join(", ", Permissions.All)}.", nameof(permissions));
            }
        }
        var number = Interlocked.Increment(ref _tenantCount);
        var key = $"dl_tenant_{number:D6}";
        var label = $"tenant {number}";
        var account = _world.CreateAccount(label);
        _world.Keys.Add(new ApiKeyGrant(key, granted, account));
        return new DeepLeadTenant(this, key, account, label);
    }

    /// <summary>Which documented behaviours the calls so far exercised, and which never (needs <see cref="DeepLeadFakeOptions.TrackCoverage"/>).</summary>
    public CoverageReport GetCoverageReport() =>
        (_world.Coverage ?? throw new InvalidOperationException("Coverage is off: set DeepLeadFakeOptions.TrackCoverage (or CoverageReportPath) before starting the fake.")).Report();

    private void ReportCoverage()
    {
        if (_world.Coverage is not { } coverage)
        {
            return;
        }
        var report = coverage.Report();
        _options.Logger?.LogInformation("{CoverageReport}", report.ToString());
        if (_options.CoverageReportPath is { } path)
        {
            File.WriteAllText(path, report.ToJson());
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            StopInspector();
            _transport.Dispose();
            ReportCoverage();
        }
    }
}
