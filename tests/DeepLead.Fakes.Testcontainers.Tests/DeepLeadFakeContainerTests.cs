using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>The module as a user's test uses it: build, start, call the API, drive the admin API.</summary>
public sealed class DeepLeadFakeContainerTests
{
    private static CancellationToken Ct => DockerEnvironment.Ct;

    [Fact]
    public async Task Default_image_scenario_gives_a_ready_client_and_admin_client_on_loopback()
    {
        var artifacts = await StubImage.GetAsync();
        await using var fake = new DeepLeadFakeBuilder(artifacts.Image).Build();
        await fake.StartAsync(Ct);

        Assert.Equal("127.0.0.1", fake.ApiAddress.Host);
        Assert.EndsWith("/api/v1/", fake.ApiAddress.AbsoluteUri, StringComparison.Ordinal);
        // Published on loopback only, not on every interface of the machine.
        var published = await DockerEnvironment.DockerAsync("port", fake.Id, "8080/tcp");
        Assert.Equal($"127.0.0.1:{fake.GetMappedPublicPort(DeepLeadFakeBuilder.ApiPort)}", published);

        using var client = fake.CreateClient();
        Assert.Equal(["Main Pool"], await ImageTests.PoolNamesAsync(client));

        using var admin = fake.CreateAdminClient();
        var journal = await admin.GetJournalAsync(cancellationToken: Ct);
        var call = Assert.Single(journal.Calls);
        Assert.Equal(("GET", "/api/v1/pools"), (call.Method, call.Path));
    }

    [Fact]
    public async Task Scenario_file_on_a_shipped_one_seed_and_admin_token_reach_the_stub()
    {
        var artifacts = await StubImage.GetAsync();
        var scenario = Path.Combine(Path.GetTempPath(), $"deeplead-tc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """{ "pools": [ { "id": "65a000000000000000000042", "name": "Container Pool" } ] }""", Ct);
        try
        {
            await using var fake = new DeepLeadFakeBuilder(artifacts.Image)
                .WithScenario("shipped:default")
                .WithScenario(scenario)
                .WithSeed(4242)
                .WithAdminToken("tc-admin-token")
                .Build();
            await fake.StartAsync(Ct);

            using var client = fake.CreateClient();
            Assert.Equal(["Main Pool", "Container Pool"], await ImageTests.PoolNamesAsync(client));

            // The seed decides generated ids: the same scenarios and seed in process give the same inbox id, another seed does not.
            var inContainer = await CreateInboxAsync(client);
            Assert.Equal(await InProcessInboxIdAsync(scenario, 4242), inContainer);
            Assert.NotEqual(await InProcessInboxIdAsync(scenario, 4243), inContainer);

            Assert.Equal("tc-admin-token", fake.AdminToken);
            using var admin = fake.CreateAdminClient();
            var state = await admin.GetStateAsync(Ct);
            Assert.Equal(["shipped:default", $"{DeepLeadFakeBuilder.ScenarioDirectory}/02-{Path.GetFileName(scenario)}"],
                state.Scenarios.Select(s => s.Name));
            using var anonymous = new DeepLeadStubClient(fake.Address, adminToken: null);
            var refused = await Assert.ThrowsAsync<DeepLeadStubException>(() => anonymous.GetStateAsync(Ct));
            Assert.Equal(401, refused.Status);
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Fact]
    public async Task A_shipped_scenario_by_name_replaces_the_default()
    {
        var artifacts = await StubImage.GetAsync();
        await using var fake = new DeepLeadFakeBuilder(artifacts.Image).WithScenario("shipped:outage").Build();
        await fake.StartAsync(Ct);

        using var client = fake.CreateClient();
        using var response = await client.GetAsync("pools", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(JsonValueKind.String, error.RootElement.GetProperty("error").ValueKind);
    }

    private static async Task<string> CreateInboxAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("inboxes", new { emailAddress = "seeded@company.com", imapPassword = "pw", provider = "google" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("results")[0].GetProperty("inboxId").GetString()!;
    }

    private static async Task<string> InProcessInboxIdAsync(string scenario, int seed)
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions
        {
            Scenarios = { ScenarioSource.Shipped("default"), ScenarioSource.File(scenario) },
            Seed = seed,
        }, Ct);
        using var client = fake.CreateClient("dl_your_api_key_here");
        return await CreateInboxAsync(client);
    }
}
