using System.Globalization;
using BenchmarkDotNet.Attributes;
using DeepLead.Fakes.Api;
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
/// <c>GET /api/v1/inboxes?limit=100</c> through the core (no HTTP) over 100,000 inboxes: the first page against the
/// last full page of the same filter. <c>Ratio</c> is the last page's cost relative to the first's; a flat cost
/// shows as about 1.00. The setup checks both pages item by item, so a wrong page cannot produce a figure.
/// </summary>
[Config(typeof(PagingConfig))]
public class InboxPagingBenchmarks
{
    private FakeWorld _world = null!;
    private ApiRequest _first;
    private ApiRequest _last;

    [Params(InboxFilter.None, InboxFilter.Pool, InboxFilter.Status, InboxFilter.PoolAndStatus)]
    public InboxFilter Filter { get; set; }

    /// <summary>The skip of the last full page of this filter (99,900 with no filter).</summary>
    public int LastSkip { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _world = WorldBuilder.Build(LargeWorld.CreateOptions());

        var (poolId, status) = Filter switch
        {
            InboxFilter.None => ((string?)null, (InboxStatus?)null),
            InboxFilter.Pool => (LargeWorld.PoolIds[2], null),
            InboxFilter.Status => (null, InboxStatus.Paused),
            InboxFilter.PoolAndStatus => (LargeWorld.PoolIds[2], InboxStatus.Paused),
            _ => throw new InvalidOperationException($"unknown filter {Filter}"),
        };
        var matching = LargeWorld.Matching(poolId, status);
        LastSkip = matching.Count - LargeWorld.PageSize;

        var prefix = "?"
            + (poolId is null ? "" : "poolId=" + poolId + "&")
            + (status is null ? "" : "status=" + LargeWorld.ApiValue(status.Value) + "&")
            + "limit=" + LargeWorld.PageSize.ToString(CultureInfo.InvariantCulture) + "&skip=";
        _first = Request(prefix + "0");
        _last = Request(prefix + LastSkip.ToString(CultureInfo.InvariantCulture));

        Verify("first page", _first, matching, 0);
        Verify("last page", _last, matching, LastSkip);
        Console.WriteLine($"// Setup: filter {Filter}: {matching.Count} matching inboxes, last page at skip={LastSkip} ({_last.RawQuery})");
    }

    private ApiRequest Request(string rawQuery) =>
        new("GET", "/api/v1/inboxes", rawQuery, "Bearer " + _world.PrimaryApiKey, null, ReadOnlyMemory<byte>.Empty);

    private void Verify(string label, ApiRequest request, List<int> matching, int skip)
    {
        var pending = _world.Api.HandleAsync(request);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"{label} ({request.RawQuery}): the core did not answer synchronously; the benchmark would measure a blocking wait.");
        }
        var response = pending.Result;
        if (response.StatusCode != 200 || response.Fault is not null)
        {
            throw new InvalidOperationException(
                $"{label} ({request.RawQuery}): expected 200, got {response.StatusCode}: {System.Text.Encoding.UTF8.GetString(response.Body)}");
        }
        LargeWorld.VerifyPage($"{Filter} {label} ({request.RawQuery})", response.Body, matching, skip);
    }

    // The core is asynchronous (rules may delay), but with no rules a list completes synchronously (checked in
    // the setup), so reading the result directly measures the work and no task machinery.
    [Benchmark(Baseline = true, Description = "skip=0")]
    public byte[] FirstPage() => _world.Api.HandleAsync(_first).Result.Body;

    [Benchmark(Description = "skip=last page")]
    public byte[] LastPage() => _world.Api.HandleAsync(_last).Result.Body;
}
