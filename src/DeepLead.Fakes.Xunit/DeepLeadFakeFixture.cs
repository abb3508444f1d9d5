using Microsoft.Extensions.Logging;
using Xunit;
#if XUNIT_V2
using Xunit.Abstractions;
#endif

// One source for both packages: DeepLead.Fakes.Xunit (xUnit v3) and DeepLead.Fakes.Xunit.V2 (xunit 2.9, XUNIT_V2).
#if XUNIT_V2
namespace DeepLead.Fakes.Xunit.V2;
#else
namespace DeepLead.Fakes.Xunit;
#endif

/// <summary>
/// A DeepLead fake for xUnit v3 tests: use it as a class fixture (<c>IClassFixture&lt;DeepLeadFakeFixture&gt;</c>),
/// a collection fixture (<c>ICollectionFixture&lt;...&gt;</c>) or an assembly fixture
/// (<c>[assembly: AssemblyFixture(typeof(...))]</c>). xUnit starts it before the first test that needs it and
/// disposes it after the last one.
/// <para>
/// Configure it by deriving and overriding <see cref="Configure"/> (scenarios, pools, rules, clock, transport).
/// A fake that fails to start does not fail the run where nobody can see it: every test that touches
/// <see cref="Fake"/> fails with the reason. The fake's log goes to the output of the test using it.
/// </para>
/// <para>
/// Tests of one class or collection run one after another and share the fake's state: reset it in the test
/// class's constructor (<c>fixture.Fake.Reset()</c>) or give each test a tenant (<see cref="CreateTenant"/>).
/// A fake shared by tests running in parallel (an assembly fixture) needs a tenant per test.
/// </para>
/// </summary>
public class DeepLeadFakeFixture : IAsyncLifetime
{
    private readonly TestOutputLogger _logger = new();
    private DeepLeadFake? _fake;
    private Exception? _startFailure;
    private bool _tracksCoverage;
    private bool _logsToTestOutput;
    /// <summary>The inspector's address line, written to the first test output the fixture meets, once.</summary>
    private string? _inspectorLine;

    /// <summary>
    /// The running fake. Throws <see cref="InvalidOperationException"/> with the cause (a <see cref="ScenarioException"/>,
    /// say) as its inner exception when the fake did not start.
    /// </summary>
    public DeepLeadFake Fake
    {
        get
        {
            if (_startFailure is not null)
            {
                throw new InvalidOperationException($"The DeepLead fake of {GetType().Name} did not start: {_startFailure.Message}", _startFailure);
            }
            var fake = _fake ?? throw new InvalidOperationException(
                $"The DeepLead fake of {GetType().Name} is not running: use the fixture through xUnit (class, collection or assembly fixture), or call InitializeAsync first.");
#if !XUNIT_V2
            _logger.Attach();
            if (_inspectorLine is not null && TestContext.Current.TestOutputHelper is { } output && Interlocked.Exchange(ref _inspectorLine, null) is { } line)
            {
                output.WriteLine(line);
            }
#endif
            return fake;
        }
    }

#if XUNIT_V2
    /// <summary>
    /// Sends the fake's log (and its coverage summary) to this test's output. xunit 2 gives a fixture no way to find the
    /// running test: call it from the test class's constructor, which xunit hands the test's <see cref="ITestOutputHelper"/>.
    /// </summary>
    public void AttachOutput(ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _logger.Attach(output);
        if (Interlocked.Exchange(ref _inspectorLine, null) is { } line)
        {
            output.WriteLine(line);
        }
    }

#endif
    /// <summary>An <see cref="HttpClient"/> for the fake: base address and bearer key (<see cref="DeepLeadFake.ApiKey"/> unless given) preset.</summary>
    public HttpClient CreateClient(string? apiKey = null) => Fake.CreateClient(apiKey);

    /// <summary>A private copy of the fake's initial state behind its own key: what parallel tests sharing one fake need. Dispose it at the end of the test.</summary>
    public DeepLeadTenant CreateTenant(IEnumerable<string>? permissions = null) => Fake.CreateTenant(permissions);

    /// <summary>
    /// Sets up the fake before it starts: <c>options.Scenarios.Add(ScenarioSource.Shipped("default"))</c>, pools, rules,
    /// clock, seed, transport. Leave <see cref="DeepLeadFakeOptions.Logger"/> unset to get the log in the test output.
    /// </summary>
    protected virtual void Configure(DeepLeadFakeOptions options)
    {
    }

    /// <summary>
    /// Override to return true and a call through the fixture's clients fails its test with <see cref="FakeWarningException"/>
    /// when the fake ignored part of it (an unknown field or query parameter, an empty query value): a typo never passes quietly.
    /// </summary>
    protected virtual bool FailOnWarnings => false;

    /// <summary>
    /// Override to return true and a rule in force that never fired fails the fixture when xUnit disposes it, naming the
    /// rule (<see cref="DeepLeadFake.VerifyAllRulesUsed"/>): a rule that never fired tested nothing.
    /// </summary>
    protected virtual bool FailOnUnusedRules => false;

    /// <summary>
    /// Override to return true and a call to an unknown route or with a wrong method fails: through the fixture's clients
    /// at the call, with the hint (<see cref="DeepLeadFakeOptions.FailOnUnknownRoutes"/>); made any other way, when xUnit
    /// disposes the fixture (<see cref="FakeJournal.VerifyNoUnknownRoutes"/>).
    /// </summary>
    protected virtual bool FailOnUnknownRoutes => false;

    /// <summary>Override to return true and the address of the fake's inspector page (docs/inspector.md) goes to the test output when the fake starts.</summary>
    protected virtual bool PrintInspectorAddress => false;

#if !XUNIT_V2
    /// <summary>
    /// Override to name a folder for <see cref="WriteInspectorReportIfFailed"/>: the inspector's report of a failed test
    /// (docs/inspector.md).
    /// </summary>
    protected virtual string? InspectorReportFolder => null;

    /// <summary>
    /// Call it from the test class's <c>DisposeAsync</c> (xUnit knows a test's result only there): when the test failed
    /// and <see cref="InspectorReportFolder"/> names a folder, writes the fake's inspector report there, one
    /// self-contained HTML file named after the test, and returns its path; otherwise null.
    /// </summary>
    public string? WriteInspectorReportIfFailed()
    {
        if (InspectorReportFolder is not { } folder || _fake is null || TestContext.Current.TestState?.Result != TestResult.Failed)
        {
            return null;
        }
        var test = TestContext.Current.Test?.TestDisplayName ?? Guid.NewGuid().ToString("N");
        var name = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.GetFullPath(Path.Combine(folder, (name.Length > 150 ? name[..150] : name) + ".html"));
        _fake.WriteInspectorReport(path);
        TestContext.Current.TestOutputHelper?.WriteLine($"DeepLead fake inspector report: {path}");
        return path;
    }

#endif
    /// <summary>Starts the fake (xUnit calls this). A failure is kept and thrown from <see cref="Fake"/>.</summary>
#if XUNIT_V2
    public virtual async Task InitializeAsync()
#else
    public virtual async ValueTask InitializeAsync()
#endif
    {
        try
        {
            var options = new DeepLeadFakeOptions();
            Configure(options);
            options.FailOnWarnings |= FailOnWarnings;
            options.FailOnUnknownRoutes |= FailOnUnknownRoutes;
            options.FailOnUnusedRules |= FailOnUnusedRules;
            _failOnUnknownRoutes = options.FailOnUnknownRoutes;
            _failOnUnusedRules = options.FailOnUnusedRules;
            options.Logger ??= _logger;
            _logsToTestOutput = ReferenceEquals(options.Logger, _logger);
            _tracksCoverage = options.TrackCoverage || options.CoverageReportPath is not null;
#if XUNIT_V2
            _fake = await DeepLeadFake.StartAsync(options).ConfigureAwait(false);
#else
            _fake = await DeepLeadFake.StartAsync(options, TestContext.Current.CancellationToken).ConfigureAwait(false);
#endif
            if (PrintInspectorAddress)
            {
                var address = await _fake.StartInspectorAsync().ConfigureAwait(false);
#if XUNIT_V2
                _inspectorLine = $"DeepLead fake inspector: {address}";
#else
                TestContext.Current.SendDiagnosticMessage($"DeepLead fake inspector: {address}");
                _inspectorLine = $"DeepLead fake inspector: {address}";
#endif
            }
        }
#pragma warning disable CA1031 // Any start-up failure, the user's Configure included, is handed to the tests that use the fake.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _startFailure = exception;
        }
    }

    /// <summary>
    /// Stops the fake (xUnit calls this). With coverage on, its summary goes to the test output: the current test's
    /// when a test disposes the fixture, otherwise xUnit's diagnostic messages (the channel for fixture output; shown
    /// with <c>"diagnosticMessages": true</c> in xunit.runner.json).
    /// </summary>
#if XUNIT_V2
    public virtual async Task DisposeAsync()
#else
    public virtual async ValueTask DisposeAsync()
#endif
    {
        GC.SuppressFinalize(this);
        if (_fake is not null)
        {
            var summary = _tracksCoverage ? _fake.GetCoverageReport().ToString() : null;
            // Read before the fake stops; thrown after, so a failing check never leaves the fake running.
            var failure = StrictFailure(_fake, _failOnUnusedRules, _failOnUnknownRoutes);
            await _fake.DisposeAsync().ConfigureAwait(false);
            if (summary is not null)
            {
#if XUNIT_V2
                // The attached test may be over (its output closed): then the summary has nowhere to go but the log.
                WriteSummary(FakeLogLine.Prefix + summary, _logger.AttachedOutput, _logsToTestOutput, _ => { });
#else
                WriteSummary(FakeLogLine.Prefix + summary, TestContext.Current.TestOutputHelper, _logsToTestOutput, TestContext.Current.SendDiagnosticMessage);
#endif
            }
            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    private bool _failOnUnusedRules;
    private bool _failOnUnknownRoutes;

    /// <summary>The strict options' verdict on the fake's calls and rules, as one exception (null when all is well).</summary>
    internal static FakeVerificationException? StrictFailure(DeepLeadFake fake, bool failOnUnusedRules, bool failOnUnknownRoutes)
    {
        var messages = new List<string>();
        if (failOnUnknownRoutes)
        {
            try
            {
                fake.Journal.VerifyNoUnknownRoutes();
            }
            catch (FakeVerificationException exception)
            {
                messages.Add(exception.Message);
            }
        }
        if (failOnUnusedRules)
        {
            try
            {
                fake.VerifyAllRulesUsed();
            }
            catch (FakeVerificationException exception)
            {
                messages.Add(exception.Message);
            }
        }
        return messages.Count == 0 ? null : new FakeVerificationException(string.Join("\n", messages));
    }

    /// <summary>
    /// In a test, the fake's own log line already carried the summary to that test's output (unless the log goes to a
    /// logger of the user's); outside any test (xUnit disposing a class, collection or assembly fixture) there is no
    /// test output, and diagnostic messages are where fixture-level output goes.
    /// </summary>
    internal static void WriteSummary(string summary, ITestOutputHelper? output, bool loggedToTestOutput, Action<string> diagnostic)
    {
        if (output is null)
        {
            diagnostic(summary);
        }
        else if (!loggedToTestOutput)
        {
            output.WriteLine(summary);
        }
    }
}
