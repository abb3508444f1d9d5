using NUnit.Framework;

namespace DeepLead.Fakes.NUnit;

/// <summary>
/// A base class for NUnit fixtures that test against a DeepLead fake: one fake for the fixture (or the run's, see
/// <see cref="SharedHost"/>), and a tenant for each test (<see cref="Tenant"/>), so the fixture's tests may run in
/// parallel without seeing each other's pools, inboxes, rules or journal.
/// <code>
/// [Parallelizable(ParallelScope.All)]
/// public sealed class InboxTests : DeepLeadFakeFixture
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
/// there use a <see cref="DeepLeadFakeHost"/> from a <c>[SetUpFixture]</c>.
/// </summary>
public abstract class DeepLeadFakeFixture
{
    private DeepLeadFakeHost? _host;
    private bool _ownsHost;

    /// <summary>Sets up the fixture's own fake before it starts. Not called when <see cref="SharedHost"/> gives one.</summary>
    protected virtual void Configure(DeepLeadFakeOptions options)
    {
    }

    /// <summary>
    /// Override to return true and a test fails when the fake ignored part of one of its calls (an unknown field or query
    /// parameter, an empty query value): the call throws <see cref="FakeWarningException"/> through the fake's clients,
    /// and the tear-down fails the test for calls made any other way with the tenant's key.
    /// </summary>
    protected virtual bool FailOnWarnings => false;

    /// <summary>A fake to share instead of starting one for this fixture: typically the one a <c>[SetUpFixture]</c> started.</summary>
    protected virtual DeepLeadFakeHost? SharedHost => null;

    /// <summary>The host behind <see cref="Fake"/> and <see cref="Tenant"/>.</summary>
    protected DeepLeadFakeHost Host => _host ?? throw new InvalidOperationException(
        $"The DeepLead fake of {GetType().Name} is not running: it starts in the fixture's one-time set-up.");

    /// <summary>The fake, shared by every test of the fixture: inspect it, but act through <see cref="Tenant"/>.</summary>
    protected DeepLeadFake Fake => Host.Fake;

    /// <summary>The current test's tenant: its own key, state, rules and journal.</summary>
    protected DeepLeadTenant Tenant => Host.Tenant;

    /// <summary>Starts the fixture's fake (or takes <see cref="SharedHost"/>).</summary>
    [OneTimeSetUp]
    protected async Task StartDeepLeadFakeAsync()
    {
        if (SharedHost is { } shared)
        {
            _host = shared;
            return;
        }
        _host = await DeepLeadFakeHost.StartAsync(options =>
        {
            Configure(options);
            options.FailOnWarnings |= FailOnWarnings;
        }).ConfigureAwait(false);
        _ownsHost = true;
    }

    /// <summary>Gives the test its tenant and the fake's log.</summary>
    [SetUp]
    protected void BeginDeepLeadTest() => Host.BeginTest();

    /// <summary>Drops the test's tenant.</summary>
    [TearDown]
    protected void EndDeepLeadTest() => _host?.EndTest(FailOnWarnings);

    /// <summary>Stops the fixture's own fake.</summary>
    [OneTimeTearDown]
    protected async Task StopDeepLeadFakeAsync()
    {
        if (_ownsHost && _host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        _host = null;
        _ownsHost = false;
    }
}
