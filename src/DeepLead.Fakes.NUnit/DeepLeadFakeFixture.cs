using System.Collections.Concurrent;
using NUnit.Framework;

namespace DeepLead.Fakes.NUnit;

/// <summary>
/// One running DeepLead fake shared by the tests that hold it: the same lifecycle, and so the same name, as xUnit's
/// <c>DeepLeadFakeFixture</c>. Its own key and state are shared by all of them; each test also gets a tenant of its own
/// (<see cref="Tenant"/>), which makes it safe under <c>[Parallelizable]</c>. Start one in a <c>[SetUpFixture]</c> for
/// the whole run, or let <see cref="DeepLeadTenantFixture"/> start one per fixture.
/// <code>
/// [SetUpFixture]
/// public sealed class DeepLeadSetUp
/// {
///     public static DeepLeadFakeFixture FakeFixture { get; private set; } = null!;
///     [OneTimeSetUp] public async Task StartAsync() => FakeFixture = await DeepLeadFakeFixture.StartAsync(o => o.Scenarios.Add(ScenarioSource.Shipped("default")));
///     [OneTimeTearDown] public ValueTask StopAsync() => FakeFixture.DisposeAsync();
/// }
/// </code>
/// </summary>
public sealed class DeepLeadFakeFixture : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DeepLeadTenant>> _tenants = new(StringComparer.Ordinal);
    private readonly TestContextLogger _logger;

    private readonly bool _failOnWarnings;

    private readonly bool _failOnUnusedRules;

    private readonly bool _failOnUnknownRoutes;

    private readonly bool _tracksCoverage;

    private DeepLeadFakeFixture(DeepLeadFake fake, TestContextLogger logger, DeepLeadFakeOptions options)
    {
        _failOnUnusedRules = options.FailOnUnusedRules;
        _failOnUnknownRoutes = options.FailOnUnknownRoutes;
        var failOnWarnings = options.FailOnWarnings;
        var tracksCoverage = options.TrackCoverage || options.CoverageReportPath is not null;
        Fake = fake;
        _logger = logger;
        _failOnWarnings = failOnWarnings;
        _tracksCoverage = tracksCoverage;
    }

    /// <summary>
    /// Starts a fake configured by <paramref name="configure"/>. Leave <see cref="DeepLeadFakeOptions.Logger"/> unset to get
    /// its log in the test output. Throws <see cref="InvalidOperationException"/> with the cause as its inner exception
    /// when the fake cannot start: from a <c>[OneTimeSetUp]</c>, NUnit then fails every test below it with that message.
    /// </summary>
    public static async Task<DeepLeadFakeFixture> StartAsync(Action<DeepLeadFakeOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var logger = new TestContextLogger();
        try
        {
            var options = new DeepLeadFakeOptions();
            configure?.Invoke(options);
            options.Logger ??= logger;
            var fake = await DeepLeadFake.StartAsync(options, cancellationToken).ConfigureAwait(false);
            return new DeepLeadFakeFixture(fake, logger, options);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The DeepLead fake did not start: {exception.Message}", exception);
        }
    }

    /// <summary>The shared fake. Tests running in parallel should use their <see cref="Tenant"/> rather than its own key and state.</summary>
    public DeepLeadFake Fake { get; }

    /// <summary>
    /// The current test's tenant: a private copy of the fake's initial state behind its own key, made on first use in
    /// each test. Release it at the end of the test with <see cref="EndTest()"/> (<see cref="DeepLeadTenantFixture"/> does).
    /// </summary>
    public DeepLeadTenant Tenant => _tenants.GetOrAdd(CurrentTestId(), static (_, fixture) => new Lazy<DeepLeadTenant>(fixture.Begin), this).Value;

    /// <summary>
    /// Drops the current test's tenant, if it has one, and stops sending the fake's log to the test; with the fake's
    /// <see cref="DeepLeadFakeOptions.FailOnWarnings"/> on, it then throws as <see cref="EndTest(bool)"/> does.
    /// </summary>
    public void EndTest() => EndTest(failOnWarnings: false);

    /// <summary>
    /// Drops the current test's tenant, then, with <paramref name="failOnWarnings"/> (or the fake's
    /// <see cref="DeepLeadFakeOptions.FailOnWarnings"/>), throws <see cref="FakeWarningException"/> listing what the fake
    /// ignored in the tenant's calls: from a <c>[TearDown]</c>, that fails the test.
    /// </summary>
    public void EndTest(bool failOnWarnings)
    {
        var id = CurrentTestId();
        _logger.Detach(id);
        if (!_tenants.TryRemove(id, out var tenant) || !tenant.IsValueCreated)
        {
            return;
        }
        var warned = failOnWarnings || _failOnWarnings
            ? tenant.Value.Journal.Calls.Where(c => c.Warnings.Count > 0).Select(c => $"{c.Method} {c.Path}: {string.Join(", ", c.Warnings)}").ToList()
            : [];
        var strict = Strict(tenant.Value);
        tenant.Value.Dispose();
        if (warned.Count > 0)
        {
            throw new FakeWarningException($"The DeepLead fake ignored part of {warned.Count} call(s) of this test: {string.Join("; ", warned)}");
        }
        if (strict is not null)
        {
            throw strict;
        }
    }

    /// <summary>
    /// Stops the fake and drops every tenant. With coverage on, its summary goes to the test output: the output of
    /// whatever NUnit is running (the fixture's, from a one-time tear-down) and the live progress output.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var summary = _tracksCoverage ? FakeLogLine.Prefix + Fake.GetCoverageReport() : null;
        foreach (var id in _tenants.Keys)
        {
            if (_tenants.TryRemove(id, out var tenant) && tenant.IsValueCreated)
            {
                tenant.Value.Dispose();
            }
        }
        await Fake.DisposeAsync().ConfigureAwait(false);
        if (summary is not null)
        {
            TestContext.Out.WriteLine(summary);
            TestContext.Progress.WriteLine(summary);
        }
    }

    /// <summary>
    /// <see cref="DeepLeadFakeOptions.FailOnUnknownRoutes"/> and <see cref="DeepLeadFakeOptions.FailOnUnusedRules"/> for one
    /// test: its tenant's calls and rules, as one exception (null when all is well).
    /// </summary>
    private FakeVerificationException? Strict(DeepLeadTenant tenant)
    {
        var messages = new List<string>();
        if (_failOnUnknownRoutes)
        {
            try
            {
                tenant.Journal.VerifyNoUnknownRoutes();
            }
            catch (FakeVerificationException exception)
            {
                messages.Add(exception.Message);
            }
        }
        if (_failOnUnusedRules)
        {
            try
            {
                tenant.VerifyAllRulesUsed();
            }
            catch (FakeVerificationException exception)
            {
                messages.Add(exception.Message);
            }
        }
        return messages.Count == 0 ? null : new FakeVerificationException(string.Join("\n", messages));
    }

    /// <summary>Makes the current test's tenant now, and sends the fake's log to this test.</summary>
    internal void BeginTest() => _ = Tenant;

    private DeepLeadTenant Begin()
    {
        _logger.Attach(CurrentTestId(), TestContext.Out);
        return Fake.CreateTenant();
    }

    private static string CurrentTestId() => TestContext.CurrentContext.Test.ID;
}
