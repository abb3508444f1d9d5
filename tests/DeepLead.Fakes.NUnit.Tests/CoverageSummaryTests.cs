using DeepLead.Fakes.NUnit;
using NUnit.Framework.Internal;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>With coverage on, stopping a fake fixture writes the summary to the output of whatever NUnit is running.</summary>
public sealed class CoverageSummaryTests
{
    [Test]
    public async Task Stopping_a_fake_fixture_with_coverage_writes_the_summary_to_the_test_output_once()
    {
        var fixture = await DeepLeadFakeFixture.StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Shipped("default"));
            o.TrackCoverage = true;
        });
        using (var client = fixture.Fake.CreateClient())
        {
            using var pools = await client.GetAsync("pools");
            pools.EnsureSuccessStatusCode();
        }

        await fixture.DisposeAsync();

        var summaries = TestExecutionContext.CurrentContext.CurrentResult.Output.Split('\n').Where(l => l.Contains("DeepLead fake coverage:", StringComparison.Ordinal)).ToList();
        Assert.That(summaries, Has.Count.EqualTo(1));
        Assert.That(summaries[0], Does.StartWith("[DeepLead fake] DeepLead fake coverage: "));
    }

    [Test]
    public async Task Without_coverage_nothing_is_written()
    {
        var fixture = await DeepLeadFakeFixture.StartAsync(o => o.Scenarios.Add(ScenarioSource.Shipped("default")));

        await fixture.DisposeAsync();

        Assert.That(TestExecutionContext.CurrentContext.CurrentResult.Output, Does.Not.Contain("coverage"));
    }
}
