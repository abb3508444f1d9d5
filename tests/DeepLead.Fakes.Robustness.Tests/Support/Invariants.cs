using System.Text.Json;

namespace DeepLead.Fakes.Robustness.Tests.Support;

/// <summary>
/// What must hold of any account at rest: each pool's inboxCount is the number of its inboxes, ids are unique,
/// addresses are unique ignoring case, and paging over everything lists each inbox exactly once.
/// </summary>
internal static class Invariants
{
    public sealed record Snapshot(IReadOnlyList<JsonElement> Pools, IReadOnlyList<JsonElement> Inboxes);

    /// <summary>Checks the invariants over HTTP (and against the state inspection when given); returns what was listed.</summary>
    public static async Task<Snapshot> CheckAsync(HttpClient client, string apiKey, int pageSize, IReadOnlyList<FakePool>? statePools = null, IReadOnlyList<FakeInbox>? stateInboxes = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var poolsExchange = await Wire.SendAsync(client, Wire.Request(HttpMethod.Get, "pools", apiKey), cancellationToken);
        Require(poolsExchange.Status == 200, $"GET pools answered {poolsExchange}");
        Contract.AssertConforms(poolsExchange, Contract.Endpoint.ListPools, "GET pools");
        var pools = poolsExchange.Json().GetProperty("pools").EnumerateArray().ToList();

        var inboxes = new List<JsonElement>();
        long? firstTotal = null;
        for (var skip = 0; ; skip += pageSize)
        {
            var page = await Wire.SendAsync(client, Wire.Request(HttpMethod.Get, $"inboxes?limit={pageSize}&skip={skip}", apiKey), cancellationToken);
            Require(page.Status == 200, $"GET inboxes?skip={skip} answered {page}");
            Contract.AssertConforms(page, Contract.Endpoint.ListInboxes, $"GET inboxes?skip={skip}");
            var body = page.Json();
            var total = body.GetProperty("pagination").GetProperty("total").GetInt64();
            firstTotal ??= total;
            if (total != firstTotal)
            {
                problems.Add($"total changed from {firstTotal} to {total} while paging an idle account");
            }
            inboxes.AddRange(body.GetProperty("inboxes").EnumerateArray());
            if (!body.GetProperty("pagination").GetProperty("hasMore").GetBoolean())
            {
                break;
            }
            Require(skip < 10_000_000, "paging never ends");
        }

        if (inboxes.Count != firstTotal)
        {
            problems.Add($"paging listed {inboxes.Count} inboxes but total is {firstTotal}");
        }
        var ids = inboxes.Select(i => i.GetProperty("id").GetString()!).ToList();
        foreach (var duplicate in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"inbox id {duplicate.Key} listed {duplicate.Count()} times");
        }
        foreach (var duplicate in inboxes.GroupBy(i => i.GetProperty("emailAddress").GetString()!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"address {duplicate.Key} held by {duplicate.Count()} inboxes (ignoring case)");
        }
        var poolIds = pools.Select(p => p.GetProperty("id").GetString()!).ToList();
        foreach (var duplicate in poolIds.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"pool id {duplicate.Key} listed {duplicate.Count()} times");
        }
        foreach (var clash in poolIds.Intersect(ids, StringComparer.Ordinal))
        {
            problems.Add($"id {clash} is both a pool and an inbox");
        }
        var countByPool = inboxes.GroupBy(i => i.GetProperty("poolId").GetString()!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var pool in pools)
        {
            var id = pool.GetProperty("id").GetString()!;
            var count = pool.GetProperty("inboxCount").GetInt32();
            var listed = countByPool.GetValueOrDefault(id);
            if (count != listed)
            {
                problems.Add($"pool {id} says inboxCount {count} but {listed} inboxes list it");
            }
        }
        foreach (var orphan in countByPool.Keys.Except(poolIds, StringComparer.Ordinal))
        {
            problems.Add($"inboxes in pool {orphan}, which GET pools does not list");
        }

        if (statePools is not null && stateInboxes is not null)
        {
            if (!statePools.Select(p => (p.Id, p.InboxCount)).SequenceEqual(pools.Select(p => (p.GetProperty("id").GetString()!, p.GetProperty("inboxCount").GetInt32()))))
            {
                problems.Add("fake.Pools differs from GET pools");
            }
            if (!stateInboxes.Select(i => i.Id).SequenceEqual(ids, StringComparer.Ordinal))
            {
                problems.Add("fake.Inboxes differs from paging GET inboxes");
            }
            foreach (var pool in statePools)
            {
                var held = stateInboxes.Count(i => i.PoolId == pool.Id);
                if (held != pool.InboxCount)
                {
                    problems.Add($"state: pool {pool.Id} InboxCount {pool.InboxCount} but {held} inboxes");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Invariants broken: " + string.Join("; ", problems.Take(20)));
        }
        return new Snapshot(pools, inboxes);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException(message);
        }
    }
}
