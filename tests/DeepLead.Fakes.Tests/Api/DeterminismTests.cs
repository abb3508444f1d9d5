using System.Net;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class DeterminismTests : BehaviourTests
{
    private static async Task<string> RunScriptAsync(DeepLeadFake fake)
    {
        using var client = Validated(fake);
        var transcript = new System.Text.StringBuilder();
        async Task Record(HttpResponseMessage response) => transcript.AppendLine(await response.Content.ReadAsStringAsync(Ct));
        await Record(await client.PostJsonAsync("inboxes", Single("a@gmail.com")));
        await Record(await client.PostJsonAsync("inboxes", """[{"emailAddress": "b@gmail.com", "imapPassword": "p"}, {"emailAddress": "bad", "imapPassword": "p"}]"""));
        await Record(await client.GetAsync("pools", Ct));
        await Record(await client.GetAsync("inboxes?limit=5", Ct));
        return transcript.ToString();
    }

    [Fact]
    public async Task The_same_options_and_seed_give_byte_identical_responses()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();

        var a = await RunScriptAsync(first);
        var b = await RunScriptAsync(second);

        Assert.Equal(a, b);
        Assert.Contains("\"inboxId\"", a, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_seed_gives_different_ids()
    {
        await using var first = await StartAsync(o => o.Seed = 1);
        await using var second = await StartAsync(o => o.Seed = 2);

        await RunScriptAsync(first);
        await RunScriptAsync(second);

        Assert.NotEqual(first.Inboxes[0].Id, second.Inboxes[0].Id);
        Assert.All(first.Inboxes.Concat(second.Inboxes), i => Assert.Matches("^[0-9a-f]{24}$", i.Id));
    }

    [Fact]
    public async Task Reset_returns_to_the_initial_state_and_replays_the_same_ids()
    {
        await using var fake = await StartAsync(o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "seeded@gmail.com", PoolId = PoolId }));
        var before = await RunScriptAsync(fake);
        Assert.Equal(3, fake.Inboxes.Count);

        fake.Reset();

        Assert.Equal(["seeded@gmail.com"], fake.Inboxes.Select(i => i.EmailAddress));
        Assert.Equal([PoolId], fake.Pools.Select(p => p.Id));
        Assert.Equal(1, fake.Pools[0].InboxCount);
        Assert.Equal(before, await RunScriptAsync(fake));
    }

    [Fact]
    public async Task Created_inboxes_use_the_clock_and_auto_created_pools_are_named_by_its_utc_date()
    {
        await using var fake = await StartAsync(o => o.Clock = new DateTimeOffset(2024, 1, 15, 23, 30, 0, TimeSpan.FromHours(-5)));
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("API Pool - 2024-01-16", body.GetProperty("autoCreatedPool").GetProperty("name").GetString());
        var list = await (await client.GetAsync("inboxes", Ct)).JsonAsync();
        Assert.Equal("2024-01-16T04:30:00Z", list.GetProperty("inboxes")[0].GetProperty("createdAt").GetString());
    }
}

public sealed class DeterminismTestsOverWireMock : DeterminismTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class DeterminismTestsInMemory : DeterminismTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
