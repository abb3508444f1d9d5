using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Endpoints;

/// <summary><c>GET /pools</c>: every pool of the caller's account with its live inbox count.</summary>
internal static class ListPools
{
    private static readonly object CacheKey = new();

    public static PoolList Handle(FakeStore store) =>
        store.Answers.TryGet<PoolList>(CacheKey, out var cached)
            ? cached
            : store.Read(static reader => reader.Cached(CacheKey, static r => new PoolList([.. r.PoolsInOrder().Select(p => new PoolEntry(p.Pool, p.InboxCount))]), static p => p.Pools.Count));
}
