using System.Diagnostics;
using System.Globalization;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// A snapshot of a 100,000-inbox account over a real port (the upstream is a fake of that size on 127.0.0.1), then the
/// scenario file written and loaded back. Prints time, allocations, memory the snapshot holds, file size and the
/// process peak. Run: <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --snapshot-100k</c>.
/// </summary>
internal static class Snapshot100k
{
    public const string Flag = "--snapshot-100k";

    private const string Key = "dl_benchmark_key";

    public static async Task RunAsync()
    {
        var upstreamOptions = new DeepLeadFakeOptions { Clock = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), JournalCapacity = 0 };
        upstreamOptions.ApiKeys.Add(new FakeApiKey(Key));
        upstreamOptions.Pools.Add(new PoolDefinition { Id = "65c000000000000000000001", Name = "Bulk" });
        upstreamOptions.Generate = new DataGeneration { Pools = 50, TotalInboxes = 100_000 };
        await using var upstream = await DeepLeadFake.StartAsync(upstreamOptions);
        using var client = new HttpClient { BaseAddress = upstream.BaseAddress };

        // One small run first, so JIT is not in the figure.
        await DeepLeadSnapshot.TakeAsync(client, new SnapshotOptions { ApiKey = Key, PageSize = 10 });

        var before = Settled();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var snapshot = await DeepLeadSnapshot.TakeAsync(client, new SnapshotOptions { ApiKey = Key });
        var took = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // What the snapshot holds: the heap after a full collection with it, less the heap before it was taken.
        var held = Settled() - before;

        var path = Path.Combine(Path.GetTempPath(), $"snapshot-100k-{Environment.ProcessId}.json");
        clock.Restart();
        await snapshot.WriteScenarioAsync(path);
        var wrote = clock.Elapsed;
        var size = new FileInfo(path).Length;
        var (inboxCount, poolCount, requests) = (snapshot.InboxCount, snapshot.PoolCount, snapshot.Requests);

        clock.Restart();
        var copyOptions = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory, JournalCapacity = 0 }.AddScenarioFile(path);
        await using var copy = await DeepLeadFake.StartAsync(copyOptions);
        var loaded = clock.Elapsed;
        using var fromUpstream = upstream.CreateClient(Key);
        using var fromCopy = copy.CreateClient(Key);
        var same = await fromUpstream.GetStringAsync("inboxes?limit=1000&skip=99000") == await fromCopy.GetStringAsync("inboxes?limit=1000&skip=99000");
        File.Delete(path);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            snapshot of {inboxCount:N0} inboxes in {poolCount:N0} pools over 127.0.0.1: {took.TotalSeconds:0.00} s, {requests} requests
              allocated {allocated / 1048576.0:0} MiB, held by the snapshot {held / 1048576.0:0.0} MiB
              scenario file {size / 1048576.0:0.0} MiB written in {wrote.TotalMilliseconds:0} ms; loaded into a fake in {loaded.TotalSeconds:0.00} s; last page identical: {same}
              process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB (the 100,000-inbox upstream fake included)
            """));
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.Collect();
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
    }
}
