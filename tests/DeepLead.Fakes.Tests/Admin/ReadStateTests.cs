using System.Net.Http.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Admin;

/// <summary>
/// <c>Admin.ReadState()</c> is one snapshot (the stub's <c>/state</c> is written from it): while creates land, every read
/// has pools whose inbox counts are exactly the inboxes it lists.
/// </summary>
public sealed class ReadStateTests
{
    [Fact]
    public async Task Pools_and_inboxes_always_agree_while_creates_land()
    {
        await using var fake = await StartAsync(transport: FakeTransport.InMemory);
        using var client = fake.CreateClient();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var created = await client.PostAsJsonAsync("inboxes", new { emailAddress = $"w{w}.i{i}@gmail.com", imapPassword = "pw", poolId = PoolId }, Ct);
                Assert.Equal(System.Net.HttpStatusCode.OK, created.StatusCode);
            }
        }, Ct)).ToList();

        var reads = 0;
        while (!writers.All(w => w.IsCompleted) || reads == 0)
        {
            var (pools, inboxes) = fake.Admin.ReadState();
            var pool = Assert.Single(pools);
            Assert.Equal(pool.InboxCount, inboxes.Count(i => i.PoolId == pool.Id));
            reads++;
        }
        await Task.WhenAll(writers);

        var (finalPools, finalInboxes) = fake.Admin.ReadState();
        Assert.Equal(200, finalInboxes.Count);
        Assert.Equal(200, Assert.Single(finalPools).InboxCount);
    }
}
