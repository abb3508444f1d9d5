using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

public sealed class StartupFailureTests
{
    private sealed class BrokenScenarioFake : DeepLeadFakeFixture
    {
        protected override void Configure(DeepLeadFakeOptions options) =>
            options.Scenarios.Add(ScenarioSource.Json("""{ "pools": [ { "name": 42 } ] }""", "broken-scenario.json"));
    }

    private sealed class ThrowingConfigureFake : DeepLeadFakeFixture
    {
        protected override void Configure(DeepLeadFakeOptions options) => throw new ArgumentException("no such setting");
    }

    [Fact]
    public async Task A_scenario_that_cannot_load_fails_each_test_using_the_fake_with_its_location()
    {
        var fixture = new BrokenScenarioFake();

        await fixture.InitializeAsync(); // as xUnit calls it: it must not throw where no test sees it

        var error = Assert.Throws<InvalidOperationException>(() => fixture.Fake);
        var cause = Assert.IsType<ScenarioException>(error.InnerException);
        Assert.Equal("broken-scenario.json", cause.Origin);
        Assert.StartsWith("The DeepLead fake of BrokenScenarioFake did not start: broken-scenario.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.pools[0].name", error.Message, StringComparison.Ordinal);
        // Every later use fails the same way.
        Assert.Same(cause, Assert.Throws<InvalidOperationException>(() => fixture.CreateClient()).InnerException);
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task An_exception_in_Configure_is_the_cause()
    {
        var fixture = new ThrowingConfigureFake();

        await fixture.InitializeAsync();

        var error = Assert.Throws<InvalidOperationException>(() => fixture.CreateTenant());
        Assert.Equal("no such setting", Assert.IsType<ArgumentException>(error.InnerException).Message);
        await fixture.DisposeAsync();
    }

    [Fact]
    public void A_fixture_used_before_it_is_started_says_so()
    {
        var fixture = new DeepLeadFakeFixture();

        var error = Assert.Throws<InvalidOperationException>(() => fixture.Fake);

        Assert.Contains("is not running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fixture_with_nothing_configured_starts_a_bare_fake()
    {
        var fixture = new DeepLeadFakeFixture();
        await fixture.InitializeAsync();

        Assert.Empty(fixture.Fake.Pools);
        Assert.Equal("dl_test_api_key", fixture.Fake.ApiKey);
        await fixture.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => fixture.Fake.CreateHandler());
    }
}
