using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Coverage;

/// <summary>
/// Counts which documented behaviours the calls exercised. Counters only (no per-call data), so it costs a few
/// interlocked increments per call and nothing in memory however long the fake runs.
/// </summary>
internal sealed class CoverageTracker : IExchangeObserver
{
    private readonly long[] _counts = new long[CoverageCatalog.Items.Count];
    private long _callsWithWarnings;

    public void Observe(in Exchange exchange)
    {
        var request = exchange.Request;
        var response = exchange.Response;
        var facts = FactsOf(exchange.Outcome);
        if (exchange.Warnings.Count > 0)
        {
            Interlocked.Increment(ref _callsWithWarnings);
        }
        var items = CoverageCatalog.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Matches(request, response, facts))
            {
                Interlocked.Increment(ref _counts[i]);
            }
        }
    }

    /// <summary>What an answer showed beyond its status, read from the typed outcome.</summary>
    private static ResponseFacts FactsOf(ApiOutcome? outcome)
    {
        switch (outcome)
        {
            case InboxPage page:
                return (page.FilteredByPool ? ResponseFacts.FilteredByPool : ResponseFacts.None)
                    | (page.FilteredByStatus ? ResponseFacts.FilteredByStatus : ResponseFacts.None)
                    | (page.HasMore ? ResponseFacts.PageWithMore : ResponseFacts.None);
            case CreateResult create:
                var facts = create.IsBatch ? ResponseFacts.BatchCreate : ResponseFacts.SingleCreate;
                if (create.IsBatch && create.Items.Any(i => !i.IsCreated))
                {
                    facts |= ResponseFacts.BatchWithFailedItem;
                }
                if (create.AutoCreatedPool is not null)
                {
                    facts |= ResponseFacts.AutoCreatedPool;
                }
                foreach (var item in create.Items)
                {
                    facts |= item.Kind switch
                    {
                        CreateItemKind.ConnectionTestFailed => ResponseFacts.ConnectionTestFailed,
                        CreateItemKind.EmailExists => ResponseFacts.DuplicateItem,
                        CreateItemKind.PoolNotFound => ResponseFacts.UnknownPoolItem,
                        _ => ResponseFacts.None,
                    };
                }
                return facts;
            default:
                return ResponseFacts.None;
        }
    }

    public CoverageReport Report()
    {
        var items = CoverageCatalog.Items;
        var entries = new List<CoverageEntry>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            entries.Add(new CoverageEntry(items[i].Name, items[i].Description, Interlocked.Read(ref _counts[i])));
        }
        return new CoverageReport(entries, Interlocked.Read(ref _callsWithWarnings));
    }
}

/// <summary>The documented behaviours a consumer's tests can exercise.</summary>
internal static class CoverageCatalog
{
    internal sealed record Item(string Name, string Description, Func<ApiRequest, ApiResponse, ResponseFacts, bool> Matches);

    private static Func<ApiRequest, ApiResponse, ResponseFacts, bool> Call(string method, string path, int status) =>
        (request, response, _) => response.Fault is null && response.StatusCode == status && request.Method == method && request.Path == path;

    private static Func<ApiRequest, ApiResponse, ResponseFacts, bool> Fact(ResponseFacts fact) =>
        (_, response, facts) => response.Fault is null && (facts & fact) == fact;

    public static readonly IReadOnlyList<Item> Items =
    [
        new("GET /pools -> 200", "pools listed", Call("GET", "/api/v1/pools", 200)),
        new("GET /pools -> 401", "pools without a valid key", Call("GET", "/api/v1/pools", 401)),
        new("GET /pools -> 403", "pools with a key lacking pools:read", Call("GET", "/api/v1/pools", 403)),
        new("GET /inboxes -> 200", "inboxes listed", Call("GET", "/api/v1/inboxes", 200)),
        new("GET /inboxes -> 400", "inboxes with an invalid filter or window", Call("GET", "/api/v1/inboxes", 400)),
        new("GET /inboxes -> 401", "inboxes without a valid key", Call("GET", "/api/v1/inboxes", 401)),
        new("GET /inboxes -> 403", "inboxes with a key lacking inboxes:read", Call("GET", "/api/v1/inboxes", 403)),
        new("GET /inboxes -> 404", "inboxes of an unknown pool", Call("GET", "/api/v1/inboxes", 404)),
        new("GET /inboxes paging", "a page with hasMore true (paging through results)", Fact(ResponseFacts.PageWithMore)),
        new("GET /inboxes?poolId", "inboxes filtered by pool", Fact(ResponseFacts.FilteredByPool)),
        new("GET /inboxes?status", "inboxes filtered by status", Fact(ResponseFacts.FilteredByStatus)),
        new("POST /inboxes -> 200 single", "one inbox created", (r, s, f) => s.StatusCode == 200 && (f & ResponseFacts.SingleCreate) != 0),
        new("POST /inboxes -> 200 batch", "a batch created", (r, s, f) => s.StatusCode == 200 && (f & ResponseFacts.BatchCreate) != 0),
        new("POST /inboxes batch with a failed item", "a batch with partial failures", Fact(ResponseFacts.BatchWithFailedItem)),
        new("POST /inboxes auto-created pool", "a create without poolId that auto-created a pool", Fact(ResponseFacts.AutoCreatedPool)),
        new("POST /inboxes -> 400", "a create rejected as invalid input", Call("POST", "/api/v1/inboxes", 400)),
        new("POST /inboxes -> 401", "a create without a valid key", Call("POST", "/api/v1/inboxes", 401)),
        new("POST /inboxes -> 403", "a create with a key lacking inboxes:write", Call("POST", "/api/v1/inboxes", 403)),
        new("POST /inboxes -> 404", "a create in an unknown pool", Call("POST", "/api/v1/inboxes", 404)),
        new("POST /inboxes -> 409", "a create of an address that already exists", Call("POST", "/api/v1/inboxes", 409)),
        new("POST /inboxes connection test failed", "a create whose IMAP/SMTP connection test failed", Fact(ResponseFacts.ConnectionTestFailed)),
        new("any -> 500", "an internal server error", (_, s, _) => s.Fault is null && s.StatusCode == 500),
        new("broken connection", "a response that never arrived whole", (_, s, _) => s.Fault is not null),
    ];
}
