using NUnit.Framework;

namespace DeepLead.Fakes.NUnit;

/// <summary>
/// A base class for NUnit fixtures that gives each test a tenant of its own (<see cref="Tenant"/>), on one
/// <see cref="DeepLeadFakeFixture"/> for the fixture (or the run's, see <see cref="SharedFakeFixture"/>), so the
/// fixture's tests may run in parallel without seeing each other's pools, inboxes, rules or journal.
/// <code>
/// [Parallelizable(ParallelScope.All)]
/// public sealed class InboxTests : DeepLeadTenantFixture
/// {
///     protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));
///
///     [Test]
///     public async Task Lists_the_pools()
///     {
///         using var http = Tenant.CreateClient();
///         ...
///     }
/// }
/// </code>
/// Not for <c>[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]</c>, where instance one-time set-ups cannot run:
/// there use a <see cref="DeepLeadFakeFixture"/> from a <c>[SetUpFixture]</c>.
/// </summary>
public abstract class DeepLeadTenantFixture
{
    private DeepLeadFakeFixture? _fakeFixture;
    private bool _ownsFakeFixture;

    /// <summary>Sets up the fixture's own fake before it starts. Not called when <see cref="SharedFakeFixture"/> gives one.</summary>
    protected virtual void Configure(DeepLeadFakeOptions options)
    {
    }

    /// <summary>
    /// Override to return true and a test fails when the fake ignored part of one of its calls (an unknown field or query
    /// parameter, an empty query value): the call throws <see cref="FakeWarningException"/> through the fake's clients,
    /// and the tear-down fails the test for calls made any other way with the tenant's key.
    /// </summary>
    protected virtual bool FailOnWarnings => false;

    /// <summary>
    /// Override to return true and a test whose tenant has a rule that never fired fails in its tear-down, naming the rule
    /// (the tenant's rules: the scenario's and those the test added).
    /// </summary>
    protected virtual bool FailOnUnusedRules => false;

    /// <summary>
    /// Override to return true and a call to an unknown route or with a wrong method fails the test: at the call through the
    /// fake's clients, with the hint, and in the tear-down for calls made any other way with the tenant's key.
    /// </summary>
    protected virtual bool FailOnUnknownRoutes => false;

    /// <summary>
    /// Override to name a folder, and a test that fails leaves the inspector's report of the fake there (one
    /// self-contained HTML file per failed test, named after it and attached to its result; docs/inspector.md).
    /// </summary>
    protected virtual string? InspectorReportFolder => null;

    /// <summary>Override to return true and the address of the fake's inspector page is printed to the test output when the fixture starts.</summary>
    protected virtual bool PrintInspectorAddress => false;

    /// <summary>A fake to share instead of starting one for this fixture: typically the one a <c>[SetUpFixture]</c> started.</summary>
    protected virtual DeepLeadFakeFixture? SharedFakeFixture => null;

    /// <summary>The shared fake behind <see cref="Fake"/> and <see cref="Tenant"/>: the fixture's own, or <see cref="SharedFakeFixture"/>.</summary>
    protected DeepLeadFakeFixture FakeFixture => _fakeFixture ?? throw new InvalidOperationException(
        $"The DeepLead fake of {GetType().Name} is not running: it starts in the fixture's one-time set-up.");

    /// <summary>The fake, shared by every test of the fixture: inspect it, but act through <see cref="Tenant"/>.</summary>
    protected DeepLeadFake Fake => FakeFixture.Fake;

    /// <summary>The current test's tenant: its own key, state, rules and journal.</summary>
    protected DeepLeadTenant Tenant => FakeFixture.Tenant;

    /// <summary>Starts the fixture's fake (or takes <see cref="SharedFakeFixture"/>).</summary>
    [OneTimeSetUp]
    protected async Task StartDeepLeadFakeAsync()
    {
        if (SharedFakeFixture is { } shared)
        {
            _fakeFixture = shared;
            await PrintInspectorAddressAsync().ConfigureAwait(false);
            return;
        }
        _fakeFixture = await DeepLeadFakeFixture.StartAsync(options =>
        {
            Configure(options);
            options.FailOnWarnings |= FailOnWarnings;
            options.FailOnUnusedRules |= FailOnUnusedRules;
            options.FailOnUnknownRoutes |= FailOnUnknownRoutes;
        }).ConfigureAwait(false);
        _ownsFakeFixture = true;
        await PrintInspectorAddressAsync().ConfigureAwait(false);
    }

    private async Task PrintInspectorAddressAsync()
    {
        if (PrintInspectorAddress)
        {
            var address = await Fake.StartInspectorAsync().ConfigureAwait(false);
            await TestContext.Progress.WriteLineAsync($"DeepLead fake inspector: {address}").ConfigureAwait(false);
        }
    }

    /// <summary>Gives the test its tenant and the fake's log.</summary>
    [SetUp]
    protected void BeginDeepLeadTest() => FakeFixture.BeginTest();

    /// <summary>Drops the test's tenant (after writing the inspector's report when the test failed and <see cref="InspectorReportFolder"/> is set).</summary>
    [TearDown]
    protected void EndDeepLeadTest()
    {
        if (InspectorReportFolder is { } folder && _fakeFixture is not null
            && TestContext.CurrentContext.Result.Outcome.Status == global::NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var name = string.Concat(TestContext.CurrentContext.Test.FullName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
            var path = Path.GetFullPath(Path.Combine(folder, name.Length > 150 ? name[..150] : name) + ".html");
            _fakeFixture.Fake.WriteInspectorReport(path);
            TestContext.AddTestAttachment(path, "DeepLead fake inspector report");
        }
        _fakeFixture?.EndTest(FailOnWarnings);
    }

    /// <summary>Stops the fixture's own fake.</summary>
    [OneTimeTearDown]
    protected async Task StopDeepLeadFakeAsync()
    {
        if (_ownsFakeFixture && _fakeFixture is not null)
        {
            await _fakeFixture.DisposeAsync().ConfigureAwait(false);
        }
        _fakeFixture = null;
        _ownsFakeFixture = false;
    }
}
