using System.Net.Http.Headers;
using DeepLead.Fakes.Contract.Checks;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>
/// Every scenario shipped with the fake answers the documented requests within the contract: documented statuses
/// only, each body in its documented shape (forced failures included: they must look like the real API's).
/// </summary>
public sealed class ShippedScenarioConformanceTests
{
    public static TheoryData<string> ShippedScenarios => [.. ScenarioSource.ShippedNames];

    [Fact]
    public void The_fake_ships_scenarios_to_check()
    {
        Assert.Contains("default", ScenarioSource.ShippedNames);
        Assert.True(ScenarioSource.ShippedNames.Count >= 10, string.Join(", ", ScenarioSource.ShippedNames));
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public async Task Shipped_scenario_answers_within_the_contract(string scenario)
    {
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Shipped(scenario));
        await using var fake = await DeepLeadFake.StartAsync(options, Ct);
        using var client = new HttpClient(new ContractValidatingHandler(new SocketsHttpHandler())) { BaseAddress = fake.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fake.ApiKey);
        var single = DeepLeadContractChecks.NewTestAddress();
        var batch = DeepLeadContractChecks.NewTestAddress();

        // Any ContractViolationException (undocumented status, drifted body) fails the test with its own message.
        var statuses = new List<int>
        {
            (int)(await client.GetAsync("pools", Ct)).StatusCode,
            (int)(await client.GetAsync("inboxes?limit=5", Ct)).StatusCode,
            (int)(await client.GetAsync("inboxes?status=paused&limit=5&skip=1", Ct)).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", $$"""{"emailAddress": "{{single}}", "imapPassword": "pw", "provider": "google", "skipConnectionTest": true}""")).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", $$"""[{"emailAddress": "{{batch}}", "imapPassword": "pw", "provider": "zoho"}, {"emailAddress": "broken@broken.example", "imapPassword": "pw", "provider": "google"}, {"imapPassword": "pw"}]""")).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", $$"""{"emailAddress": "{{single}}", "imapPassword": "pw", "provider": "google"}""")).StatusCode,
        };

        TestContext.Current.TestOutputHelper?.WriteLine($"{scenario}: {string.Join(", ", statuses)}");
        Assert.Equal(6, statuses.Count);
        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 400, 403, 404, 409, 500 }));
    }
}
