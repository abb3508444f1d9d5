using BenchmarkDotNet.Attributes;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// Starting and disposing a second fake in a process where one is already running (started in the setup, so
/// WireMock, Kestrel and the JIT are warm): what a test pays for a fake of its own.
/// </summary>
[Config(typeof(QuickConfig))]
public class StartupBenchmarks
{
    private DeepLeadFake _warm = null!;
    private DeepLeadFakeOptions _defaultOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _warm = DeepLeadFake.StartAsync(new DeepLeadFakeOptions()).GetAwaiter().GetResult();
        using (var client = _warm.CreateClient())
        {
            using var response = client.GetAsync("pools").GetAwaiter().GetResult();
            if ((int)response.StatusCode != 200)
            {
                throw new InvalidOperationException($"warm-up fake: GET pools returned {(int)response.StatusCode}");
            }
        }

        // The scenario's file is read and parsed on every start, as a test would.
        _defaultOptions = DefaultScenario.CreateOptions();
        using var probe = DeepLeadFake.StartAsync(_defaultOptions).GetAwaiter().GetResult();
        if (probe.Inboxes.Count != 10)
        {
            throw new InvalidOperationException($"the default world has {probe.Inboxes.Count} inboxes, expected 10");
        }
        Console.WriteLine($"// Setup: warm fake at {_warm.BaseAddress}; default world from {DefaultScenario.Describe(_defaultOptions)}");
    }

    [GlobalCleanup]
    public void Cleanup() => _warm.Dispose();

    [Benchmark(Baseline = true, Description = "Start+dispose, empty")]
    public async Task StartAndDispose()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions());
    }

    [Benchmark(Description = "Start+dispose, default scenario")]
    public async Task StartAndDisposeDefaultScenario()
    {
        await using var fake = await DeepLeadFake.StartAsync(_defaultOptions);
    }

    /// <summary>Start, then one request on a new client (a new connection), then dispose: time to a first answer.</summary>
    [Benchmark(Description = "Start+GET pools+dispose, empty")]
    public async Task<int> StartFirstRequestAndDispose()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions());
        using var client = fake.CreateClient();
        using var response = await client.GetAsync("pools");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}

/// <summary>Which world a fake is reset to.</summary>
public enum ResetWorld
{
    /// <summary>The default scenario: 1 pool, 10 inboxes.</summary>
    Default10,

    /// <summary>5 pools, 100,000 inboxes: shows how reset scales with the seed.</summary>
    Large100k,
}

/// <summary><see cref="DeepLeadFake.Reset"/>: rebuilding the store and its indexes from the seed.</summary>
[Config(typeof(QuickConfig))]
public class ResetBenchmarks
{
    private DeepLeadFake _fake = null!;

    [Params(ResetWorld.Default10, ResetWorld.Large100k)]
    public ResetWorld World { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = World == ResetWorld.Default10 ? DefaultScenario.CreateOptions() : LargeWorld.CreateOptions();
        var expected = World == ResetWorld.Default10 ? 10 : LargeWorld.InboxCount;
        _fake = DeepLeadFake.StartAsync(options).GetAwaiter().GetResult();

        // Change the state, reset, and check it is back, so the benchmark measures a reset that works.
        using (var client = _fake.CreateClient())
        {
            var pool = World == ResetWorld.Default10 ? DefaultScenario.PoolId : LargeWorld.PoolIds[0];
            using var content = new StringContent(
                $$"""{"emailAddress":"added.by.benchmark@example.com","poolId":"{{pool}}","imapPassword":"x","provider":"google"}""",
                System.Text.Encoding.UTF8, "application/json");
            using var response = client.PostAsync("inboxes", content).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Console.WriteLine($"// Setup: POST inboxes before reset returned {(int)response.StatusCode}; {_fake.Inboxes.Count} inboxes now");
            if (response.IsSuccessStatusCode && _fake.Inboxes.Count != expected + 1)
            {
                throw new InvalidOperationException($"after a successful POST the fake has {_fake.Inboxes.Count} inboxes; body {body}");
            }
        }
        _fake.Reset();
        if (_fake.Inboxes.Count != expected)
        {
            throw new InvalidOperationException($"after Reset the fake has {_fake.Inboxes.Count} inboxes, expected {expected}");
        }
        Console.WriteLine($"// Setup: {World}: {expected} inboxes"
            + (World == ResetWorld.Default10 ? " from " + DefaultScenario.Describe(options) : ""));
    }

    [GlobalCleanup]
    public void Cleanup() => _fake.Dispose();

    [Benchmark(Description = "Reset()")]
    public void Reset() => _fake.Reset();
}
