using System.Text.Json;
using DeepLead.Fakes.Composition;
using DeepLead.Fakes.Endpoints;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Storage;

/// <summary>
/// The store's cache of answers is read without its lock (issue 27, throughput): an answer found there must be the
/// store's state, never an answer the settings or a write since would change.
/// </summary>
public sealed class ReadCacheTests
{
    [Fact]
    public void A_page_cached_where_an_unknown_pool_reads_as_empty_does_not_answer_where_it_is_a_404()
    {
        var world = FakeWorld.Create(new DeepLeadFakeOptions { Seed = 7 });
        var store = world.Primary.Store;
        var query = new Dictionary<string, string> { ["poolId"] = "0123456789abcdef01234567" };
        var empty = world.Settings with { UnknownPoolFilter = UnknownPoolFilter.EmptyPage };
        var notFound = world.Settings with { UnknownPoolFilter = UnknownPoolFilter.NotFound };

        var page = Assert.IsType<InboxPage>(ListInboxes.Handle(store, query, empty, []));
        Assert.Equal(0, page.Total);
        // Cached now: the same read under the other setting must still check the pool.
        Assert.Same(page, ListInboxes.Handle(store, query, empty, []));
        var error = Assert.IsType<ApiError>(ListInboxes.Handle(store, query, notFound, []));
        Assert.Equal(404, error.StatusCode);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Pages_read_beside_creates_never_go_back_and_after_the_last_create_count_every_inbox(FakeTransport transport)
    {
        const int Creates = 60;
        await using var fake = await StartAsync(transport: transport);
        using var writer = fake.CreateClient();
        var before = await TotalAsync(writer);

        var creating = true;
        async Task<List<long>> ReadAsync()
        {
            using var reader = fake.CreateClient();
            var totals = new List<long>();
            while (Volatile.Read(ref creating))
            {
                totals.Add(await TotalAsync(reader));
            }
            return totals;
        }
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(ReadAsync)).ToList();
        for (var i = 0; i < Creates; i++)
        {
            using var created = await writer.PostAsync("inboxes", new StringContent(Single($"cache.{i}@gmail.com"), System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(200, (int)created.StatusCode);
            // Answered: every read from now on counts this inbox (and only the writer creates).
            Assert.Equal(before + i + 1, await TotalAsync(writer));
        }
        Volatile.Write(ref creating, false);

        foreach (var totals in await Task.WhenAll(readers))
        {
            Assert.All(totals, total => Assert.InRange(total, before, before + Creates));
            // One client's reads never go back to an older state.
            Assert.Equal(totals.Order(), totals);
        }
        Assert.Equal(before + Creates, await TotalAsync(writer));
    }

    private static async Task<long> TotalAsync(HttpClient client)
    {
        using var page = JsonDocument.Parse(await client.GetStringAsync("inboxes?limit=5", Ct));
        return page.RootElement.GetProperty("pagination").GetProperty("total").GetInt64();
    }
}
