using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DeepLead.Fakes.Xunit.Tests;

public sealed class ClassFixtureTests(DefaultScenarioFake fixture) : IClassFixture<DefaultScenarioFake>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_fixture_is_started_once_for_the_class()
    {
        Assert.Equal(1, DefaultScenarioFake.Starts);
        Assert.EndsWith("/api/v1/", fixture.Fake.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_applies_the_scenario_then_the_code_options()
    {
        using var tenant = fixture.CreateTenant();
        using var client = tenant.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("pools", Ct);

        var ids = body.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(["507f1f77bcf86cd799439011", DefaultScenarioFake.ExtraPoolId], ids);
        // The scenario's own keys came with it.
        using var documented = fixture.CreateClient("dl_your_api_key_here");
        using var response = await documented.GetAsync("pools", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateClient_uses_the_fakes_key_with_every_permission()
    {
        using var tenant = fixture.CreateTenant();
        using var client = fixture.CreateClient(tenant.ApiKey);

        using var response = await client.PostAsJsonAsync("inboxes", new { emailAddress = "class.fixture@gmail.com", imapPassword = "pw" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(tenant.Inboxes, i => i.EmailAddress == "class.fixture@gmail.com");
        Assert.DoesNotContain(fixture.Fake.Inboxes, i => i.EmailAddress == "class.fixture@gmail.com");
    }
}
