using System.Net;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class ConcurrencyTests : BehaviourTests
{
    [Fact]
    public async Task Fifty_parallel_creates_of_distinct_addresses_all_succeed_and_counts_are_exact()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        using var start = new ManualResetEventSlim();

        var creates = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait(Ct);
            using var response = await client.PostJsonAsync("inboxes", Single($"user{i}@gmail.com", $"\"poolId\": \"{PoolId}\""));
            return response.StatusCode;
        }, Ct)).ToList();
        start.Set();
        var statuses = await Task.WhenAll(creates);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(50, fake.Inboxes.Count);
        Assert.Equal(50, fake.Inboxes.Select(i => i.Id).Distinct().Count());
        var pools = await (await client.GetAsync("pools", Ct)).JsonAsync();
        Assert.Equal(50, pools.GetProperty("pools")[0].GetProperty("inboxCount").GetInt32());
    }

    [Fact]
    public async Task Twenty_parallel_creates_of_one_address_give_one_success_and_nineteen_conflicts()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        using var start = new ManualResetEventSlim();

        var creates = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait(Ct);
            using var response = await client.PostJsonAsync("inboxes", Single(i % 2 == 0 ? "same@gmail.com" : "SAME@gmail.com"));
            return response.StatusCode;
        }, Ct)).ToList();
        start.Set();
        var statuses = await Task.WhenAll(creates);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Single(fake.Inboxes);
        // Only the winner's auto-created pool exists, and it holds the inbox.
        Assert.Equal(1, fake.Pools.Single(p => p.Id != PoolId).InboxCount);
    }

    [Fact]
    public async Task Readers_never_see_half_a_batch()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        const int batches = 10, perBatch = 20;

        var writer = Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var items = Enumerable.Range(0, perBatch).Select(i => $$"""{"emailAddress": "b{{b}}i{{i}}@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}""");
                using var response = await client.PostJsonAsync("inboxes", "[" + string.Join(",", items) + "]");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }, Ct);
        var totals = new List<int>();
        while (!writer.IsCompleted)
        {
            var body = await (await client.GetAsync("inboxes?limit=1", Ct)).JsonAsync();
            totals.Add(body.GetProperty("pagination").GetProperty("total").GetInt32());
        }
        await writer;

        Assert.All(totals, t => Assert.Equal(0, t % perBatch));
        Assert.Equal(batches * perBatch, fake.Inboxes.Count);
    }
}

public sealed class ConcurrencyTestsOverWireMock : ConcurrencyTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class ConcurrencyTestsInMemory : ConcurrencyTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
