using DeepLead.Fakes.NUnit;

namespace DeepLead.Fakes.NUnit.Tests;

public sealed class StartupFailureTests
{
    /// <summary>No tests of its own, so NUnit does not run it: the tests below drive it by hand.</summary>
    private sealed class BrokenScenarioFixture : DeepLeadTenantFixture
    {
        protected override void Configure(DeepLeadFakeOptions options) =>
            options.Scenarios.Add(ScenarioSource.Json("""{ "pools": [ { "name": 42 } ] }""", "broken-scenario.json"));

        public DeepLeadFake CurrentFake => Fake;

        public Task StartAsync() => StartDeepLeadFakeAsync();
    }

    [Test]
    public void A_fake_fixture_that_cannot_start_says_why_and_where()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => DeepLeadFakeFixture.StartAsync(o =>
            o.Scenarios.Add(ScenarioSource.Json("""{ "pools": [ { "name": 42 } ] }""", "broken-scenario.json"))));

        var cause = (ScenarioException)error!.InnerException!;
        Assert.That(cause.Origin, Is.EqualTo("broken-scenario.json"));
        Assert.That(error.Message, Does.StartWith("The DeepLead fake did not start: broken-scenario.json").And.Contain("$.pools[0].name"));
    }

    [Test]
    public void A_fixture_whose_fake_cannot_start_fails_in_its_one_time_set_up()
    {
        var fixture = new BrokenScenarioFixture();

        var error = Assert.ThrowsAsync<InvalidOperationException>(fixture.StartAsync);

        Assert.That(error!.InnerException, Is.TypeOf<ScenarioException>());
        var notRunning = Assert.Throws<InvalidOperationException>(() => _ = fixture.CurrentFake);
        Assert.That(notRunning!.Message, Does.Contain("BrokenScenarioFixture is not running"));
    }

    [Test]
    public void An_exception_in_configure_is_the_cause()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => DeepLeadFakeFixture.StartAsync(_ => throw new ArgumentException("no such setting")));

        Assert.That(error!.InnerException, Is.TypeOf<ArgumentException>().With.Message.EqualTo("no such setting"));
    }
}
