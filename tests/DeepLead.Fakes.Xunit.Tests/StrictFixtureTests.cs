using System.Net;
using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>A fixture with both strict options: a rule that never fired, or a call to an unknown route, fails it.</summary>
public sealed class StrictFake : DeepLeadFakeFixture
{
    protected override bool FailOnUnusedRules => true;

    protected override bool FailOnUnknownRoutes => true;

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503).Named("outage"));
    }
}

/// <summary>
/// The strict options driven as xUnit drives a fixture (start, tests, dispose), so a failure at dispose can be
/// asserted here instead of failing this test run.
/// </summary>
public sealed class StrictFixtureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_that_never_fired_fails_the_fixture_at_dispose_naming_it()
    {
        var fixture = new StrictFake();
        await fixture.InitializeAsync();
        using (var client = fixture.CreateClient())
        using (var pools = await client.GetAsync("pools", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        }

        var error = await Assert.ThrowsAsync<FakeVerificationException>(() => fixture.DisposeAsync().AsTask());

        Assert.Equal("Expected every rule to be used; 1 of 1 never fired:\n  #1 \"outage\": GET /api/v1/pools where query outage = \"1\" -> respond 503", error.Message);
        Assert.Throws<ObjectDisposedException>(() => fixture.Fake.CreateClient());
    }

    [Fact]
    public async Task An_unknown_route_fails_at_the_call_with_the_hint_and_at_dispose_for_any_other_client()
    {
        var fixture = new StrictFake();
        await fixture.InitializeAsync();
        using var client = fixture.CreateClient();
        var atCall = await Assert.ThrowsAsync<FakeVerificationException>(() => client.GetAsync("inbox", Ct));
        using (var outage = await client.GetAsync("pools?outage=1", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.StatusCode);
        }
        // A client of the user's own (not the fixture's): only the journal sees its mistake.
        using (var own = new HttpClient { BaseAddress = fixture.Fake.BaseAddress })
        {
            own.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Fake.ApiKey);
            using var wrongMethod = await own.DeleteAsync("pools", Ct);
            Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
        }

        var atDispose = await Assert.ThrowsAsync<FakeVerificationException>(() => fixture.DisposeAsync().AsTask());

        Assert.Equal("GET /api/v1/inbox is not an operation of the DeepLead API: did you mean GET /api/v1/inboxes? (FailOnUnknownRoutes is on)", atCall.Message);
        Assert.Contains("GET /api/v1/inbox -> 404: did you mean GET /api/v1/inboxes?", atDispose.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE /api/v1/pools -> 404: did you mean GET /api/v1/pools?", atDispose.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never fired", atDispose.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fixture_whose_rules_fired_and_calls_were_documented_disposes_quietly()
    {
        var fixture = new StrictFake();
        await fixture.InitializeAsync();
        using (var client = fixture.CreateClient())
        using (var outage = await client.GetAsync("pools?outage=1", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.StatusCode);
        }

        await fixture.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => fixture.Fake.CreateClient());
    }
}
