using DeepLead.Fakes.NUnit;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>A fixture with both strict options whose tests all pass them: clean tests end quietly.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class StrictTenantFixtureTests : DeepLeadTenantFixture
{
    protected override bool FailOnUnusedRules => true;

    protected override bool FailOnUnknownRoutes => true;

    protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));

    [Test]
    public async Task A_test_that_fires_its_rule_and_calls_documented_routes_passes_the_tear_down()
    {
        Tenant.AddRule(FakeRule.On("GET", "/pools").RespondWith(503).Times(1).Named("outage"));
        using var http = Tenant.CreateClient();

        using var pools = await http.GetAsync("pools");

        Assert.That((int)pools.StatusCode, Is.EqualTo(503));
    }

    [Test]
    public void A_call_to_an_unknown_route_throws_at_the_call_with_the_hint()
    {
        using var http = Tenant.CreateClient();

        var error = Assert.ThrowsAsync<FakeVerificationException>(() => http.GetAsync("pool"));

        Assert.That(error!.Message, Is.EqualTo("GET /api/v1/pool is not an operation of the DeepLead API: did you mean GET /api/v1/pools? (FailOnUnknownRoutes is on)"));
        // The journal saw it too: the tear-down would fail this test; here the test ends it itself and checks that.
        var atEnd = Assert.Throws<FakeVerificationException>(() => FakeFixture.EndTest());
        Assert.That(atEnd!.Message, Does.Contain("GET /api/v1/pool -> 404: did you mean GET /api/v1/pools?"));
    }
}

public sealed class StrictFakeFixtureTests
{
    [Test]
    public async Task The_end_of_a_test_fails_it_for_a_rule_of_its_tenant_that_never_fired_naming_the_rule()
    {
        await using var fixture = await DeepLeadFakeFixture.StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Shipped("default"));
            o.FailOnUnusedRules = true;
        });
        fixture.Tenant.AddRule(FakeRule.On("POST", "/inboxes").RespondWith(500).Named("create outage"));
        using var http = fixture.Tenant.CreateClient();
        using var pools = await http.GetAsync("pools");

        var error = Assert.Throws<FakeVerificationException>(() => fixture.EndTest());

        Assert.That((int)pools.StatusCode, Is.EqualTo(200));
        Assert.That(error!.Message, Is.EqualTo("Expected every rule to be used; 1 of 1 never fired:\n  #1 \"create outage\": POST /api/v1/inboxes -> respond 500"));
    }

    [Test]
    public async Task Without_the_options_the_same_test_ends_quietly()
    {
        await using var fixture = await DeepLeadFakeFixture.StartAsync(o => o.Scenarios.Add(ScenarioSource.Shipped("default")));
        fixture.Tenant.AddRule(FakeRule.On("POST", "/inboxes").RespondWith(500).Named("create outage"));
        using var http = new HttpClient { BaseAddress = fixture.Tenant.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Tenant.ApiKey);
        using var wrong = await http.GetAsync("inbox");

        Assert.That((int)wrong.StatusCode, Is.EqualTo(404));
        Assert.DoesNotThrow(() => fixture.EndTest());
    }
}
