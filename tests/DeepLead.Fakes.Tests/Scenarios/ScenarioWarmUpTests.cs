using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// <see cref="DeepLeadFake.BeginWarmUp"/> pays the scenario reader's one-off cost on a spare thread; loads that come while
/// it runs wait for it. The warm-up is once per process, so these tests begin it (again) and load at once, side by side.
/// </summary>
public sealed class ScenarioWarmUpTests
{
    [Fact]
    public void Loads_beside_the_warm_up_read_every_shipped_scenario_as_without_it()
    {
        var withoutWarmUp = ScenarioSource.ShippedNames.ToDictionary(n => n, n => ScenarioSource.Shipped(n).ReadBytes());

        DeepLeadFake.BeginWarmUp();
        DeepLeadFake.BeginWarmUp();
        var loaded = ScenarioSource.ShippedNames.AsParallel().WithDegreeOfParallelism(4)
            .Select(name => (Name: name, Scenario: ScenarioSource.Shipped(name).Load()))
            .ToList();

        Assert.Equal(ScenarioSource.ShippedNames.Count, loaded.Count);
        Assert.All(loaded, l =>
        {
            Assert.Equal(l.Name, l.Scenario.Model.Name);
            Assert.Equal(withoutWarmUp[l.Name], l.Scenario.Json);
        });
    }

    [Fact]
    public async Task A_fake_started_beside_the_warm_up_serves_the_default_scenario()
    {
        DeepLeadFake.BeginWarmUp();
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        await using var fake = await DeepLeadFake.StartAsync(options, TestSupport.Ct);

        Assert.Equal(10, fake.Inboxes.Count);
    }
}
