using DeepLead.Fakes.Composition;
using DeepLead.Fakes.Protocol;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>Which index a page is read from.</summary>
public enum InboxFilter
{
    /// <summary>All 100,000 inboxes.</summary>
    None,

    /// <summary><c>poolId=</c> one of five pools: 20,000 inboxes.</summary>
    Pool,

    /// <summary><c>status=paused</c>: 25,000 inboxes.</summary>
    Status,

    /// <summary>Both: 5,000 inboxes.</summary>
    PoolAndStatus,
}

/// <summary>
/// <c>GET /api/v1/inboxes?limit=100</c> through the core (no HTTP) over 100,000 inboxes, pages at the start of a
/// filter against pages at its end. The store keeps rendered pages until the next write (a bounded cache), so
/// asking for one page over and over would time a dictionary hit. Each benchmark therefore rotates through
/// <see cref="Window"/> distinct windows (skip 0..511 at the start, the last 512 full windows at the end), more than
/// the cache holds, so every request renders its page: the cost a client paging through the data actually pays.
/// The setup checks every page item by item and that the rotation really misses the cache.
/// <c>Ratio</c> is the end's cost relative to the start's; a flat cost shows as about 1.00.
/// </summary>
[Config(typeof(PagingConfig))]
public class InboxPagingBenchmarks
{
    /// <summary>Distinct pages per rotation: a power of two, and more than twice the store's render cache (256).</summary>
    public const int Window = 512;

    private FakeWorld _world = null!;
    private ApiRequest[] _first = null!;
    private ApiRequest[] _last = null!;
    private int _next;

    [Params(InboxFilter.None, InboxFilter.Pool, InboxFilter.Status, InboxFilter.PoolAndStatus)]
    public InboxFilter Filter { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _world = FakeWorld.Create(LargeWorld.CreateOptions());
        var (poolId, status) = Filters.Of(Filter);
        var matching = LargeWorld.Matching(poolId, status);
        var lastSkip = matching.Count - LargeWorld.PageSize;

        var prefix = Filters.QueryPrefix(poolId, status);
        _first = new ApiRequest[Window];
        _last = new ApiRequest[Window];
        for (var k = 0; k < Window; k++)
        {
            _first[k] = Request(prefix + k.ToString(CultureInfo.InvariantCulture));
            _last[k] = Request(prefix + (lastSkip - Window + 1 + k).ToString(CultureInfo.InvariantCulture));
        }

        VerifyRotation("start", _first, matching, 0);
        VerifyRotation("end", _last, matching, lastSkip - Window + 1);
        Console.WriteLine($"// Setup: filter {Filter}: {matching.Count} matching inboxes; start pages {_first[0].RawQuery} .. skip={Window - 1}; "
            + $"end pages .. {_last[^1].RawQuery}; every page checked, every rotated request renders");
    }

    private ApiRequest Request(string rawQuery) =>
        new("GET", "/api/v1/inboxes", rawQuery, "Bearer " + _world.PrimaryApiKey, null, ReadOnlyMemory<byte>.Empty);

    private void VerifyRotation(string label, ApiRequest[] requests, List<int> matching, int firstSkip)
    {
        // First lap: each page is correct. Second lap: each body is a new array, i.e. the page was rendered again.
        var firstLap = new byte[requests.Length][];
        for (var k = 0; k < requests.Length; k++)
        {
            firstLap[k] = Call(_world, requests[k], $"{Filter} {label}");
            LargeWorld.VerifyPage($"{Filter} {label} ({requests[k].RawQuery})", firstLap[k], matching, firstSkip + k);
        }
        for (var k = 0; k < requests.Length; k++)
        {
            if (ReferenceEquals(Call(_world, requests[k], $"{Filter} {label}"), firstLap[k]))
            {
                throw new InvalidOperationException(
                    $"{Filter} {label}: {requests[k].RawQuery} came from the render cache on the second lap; raise {nameof(Window)} above the cache's size.");
            }
        }
    }

    /// <summary>One call through the core, checked: synchronous (no rules), 200, no fault.</summary>
    internal static byte[] Call(FakeWorld world, ApiRequest request, string label)
    {
        var pending = world.Api.HandleAsync(request);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"{label} ({request.RawQuery}): the core did not answer synchronously; the benchmark would time a blocking wait.");
        }
        var response = pending.Result;
        if (response.StatusCode != 200 || response.Fault is not null)
        {
            throw new InvalidOperationException(
                $"{label} ({request.RawQuery}): expected 200, got {response.StatusCode}: {System.Text.Encoding.UTF8.GetString(response.Body)}");
        }
        return response.Body;
    }

    // The core is asynchronous (rules may delay), but with no rules a list completes synchronously (checked in
    // the setup), so reading the result directly times the work and no task machinery.
    [Benchmark(Baseline = true, Description = "start pages (skip 0..511)")]
    public byte[] FirstPages() => _world.Api.HandleAsync(_first[_next++ & (Window - 1)]).Result.Body;

    [Benchmark(Description = "end pages (last 512 windows)")]
    public byte[] LastPages() => _world.Api.HandleAsync(_last[_next++ & (Window - 1)]).Result.Body;
}

/// <summary>
/// The same list with no filter, one page asked for over and over: after the first request it is served from the
/// store's render cache. Shows what a hot page costs, at skip 0 and at skip 99,900.
/// </summary>
[Config(typeof(QuickConfig))]
public class InboxPageCacheHitBenchmarks
{
    private FakeWorld _world = null!;
    private ApiRequest _first;
    private ApiRequest _last;

    [GlobalSetup]
    public void Setup()
    {
        _world = FakeWorld.Create(LargeWorld.CreateOptions());
        var matching = LargeWorld.Matching(null, null);
        var lastSkip = LargeWorld.InboxCount - LargeWorld.PageSize;
        var prefix = Filters.QueryPrefix(null, null);
        _first = new("GET", "/api/v1/inboxes", prefix + "0", "Bearer " + _world.PrimaryApiKey, null, ReadOnlyMemory<byte>.Empty);
        _last = _first with { RawQuery = prefix + lastSkip.ToString(CultureInfo.InvariantCulture) };
        foreach (var (request, skip) in new[] { (_first, 0), (_last, lastSkip) })
        {
            var body = InboxPagingBenchmarks.Call(_world, request, "hot page");
            LargeWorld.VerifyPage($"hot page ({request.RawQuery})", body, matching, skip);
            if (!ReferenceEquals(body, InboxPagingBenchmarks.Call(_world, request, "hot page")))
            {
                throw new InvalidOperationException($"hot page ({request.RawQuery}): a repeated request was rendered again; this benchmark assumes the render cache.");
            }
        }
        Console.WriteLine($"// Setup: hot pages {_first.RawQuery} and {_last.RawQuery} are served from the render cache");
    }

    [Benchmark(Baseline = true, Description = "hot page skip=0")]
    public byte[] FirstPage() => _world.Api.HandleAsync(_first).Result.Body;

    [Benchmark(Description = "hot page skip=99900")]
    public byte[] LastPage() => _world.Api.HandleAsync(_last).Result.Body;
}

internal static class Filters
{
    public static (string? PoolId, InboxStatus? Status) Of(InboxFilter filter) => filter switch
    {
        InboxFilter.None => (null, null),
        InboxFilter.Pool => (LargeWorld.PoolIds[2], null),
        InboxFilter.Status => (null, InboxStatus.Paused),
        InboxFilter.PoolAndStatus => (LargeWorld.PoolIds[2], InboxStatus.Paused),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    /// <summary><c>?[poolId=..&amp;][status=..&amp;]limit=100&amp;skip=</c>, ready for the skip.</summary>
    public static string QueryPrefix(string? poolId, InboxStatus? status) =>
        "?"
        + (poolId is null ? "" : "poolId=" + poolId + "&")
        + (status is null ? "" : "status=" + LargeWorld.ApiValue(status.Value) + "&")
        + "limit=" + LargeWorld.PageSize.ToString(CultureInfo.InvariantCulture) + "&skip=";
}
