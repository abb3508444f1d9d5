using System.Text;
using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

public sealed class CoveredFake : DeepLeadFakeFixture
{
    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.TrackCoverage = true;
    }
}

/// <summary>With coverage on, the fixture's summary reaches the test output once, wherever the fixture is disposed.</summary>
public sealed class CoverageSummaryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fixture_disposed_in_a_test_writes_the_summary_to_that_tests_output_once()
    {
        var fixture = new CoveredFake();
        await fixture.InitializeAsync();
        using (var client = fixture.CreateClient())
        {
            using var pools = await client.GetAsync("pools", Ct);
            pools.EnsureSuccessStatusCode();
        }

        await fixture.DisposeAsync();

        var summaries = TestContext.Current.TestOutputHelper!.Output.Split('\n').Where(l => l.Contains("DeepLead fake coverage:", StringComparison.Ordinal)).ToList();
        Assert.Single(summaries);
        Assert.StartsWith("[DeepLead fake] DeepLead fake coverage: ", summaries[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_test_the_summary_is_a_diagnostic_message()
    {
        var diagnostics = new List<string>();

        DeepLeadFakeFixture.WriteSummary("summary", output: null, loggedToTestOutput: true, diagnostics.Add);

        Assert.Equal(["summary"], diagnostics);
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "summary\n")]
    public void In_a_test_the_summary_is_written_unless_the_fakes_log_already_carried_it(bool loggedToTestOutput, string expected)
    {
        var output = new RecordingOutput();
        var diagnostics = new List<string>();

        DeepLeadFakeFixture.WriteSummary("summary", output, loggedToTestOutput, diagnostics.Add);

        Assert.Equal(expected, output.Output);
        Assert.Empty(diagnostics);
    }

    private sealed class RecordingOutput : ITestOutputHelper
    {
        private readonly StringBuilder _text = new();

        public string Output => _text.ToString();

        public void Write(string message) => _text.Append(message);

        public void Write(string format, params object[] args) => _text.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, format, args);

        public void WriteLine(string message) => _text.Append(message).Append('\n');

        public void WriteLine(string format, params object[] args) => _text.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, format, args).Append('\n');
    }
}
