using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using DeepLead.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

// Over-the-wire figures for the performance issue: the fake against a static WireMock.Net mapping serving the same
// bytes, in one run, with the same request-log settings, plus start-up, reset and storage figures.
// Usage: dotnet run -c Release --project tests/DeepLead.Fakes.LoadDriver -- [--seconds 10] [--connections 8] [--inboxes 1000000]
if (args.Contains("--scale-child"))
{
    await Scale.ChildMainAsync(args);
    return;
}

if (args.Any(a => a is "--scale-load" or "--scale-paging" or "--scale-snapshot"))
{
    // Issue 27: a large account's load time, memory, paging and snapshot (Scale.cs says how).
    await Scale.RunAsync(args);
    return;
}

if (args.Contains("--bare-server"))
{
    // The yardstick: a raw ASP.NET Core app, started the same way as the stub, answering GET /api/v1/inboxes with the
    // bytes of --body FILE (the stub's own page, for throughput) or a small JSON object (for start-up).
    var bodyAt = Array.IndexOf(args, "--body");
    var bytes = bodyAt >= 0 ? File.ReadAllBytes(args[bodyAt + 1]) : "{\"inboxes\":[]}"u8.ToArray();
    var bare = WebApplication.CreateSlimBuilder();
    bare.Logging.ClearProviders();
    bare.WebHost.UseUrls($"http://127.0.0.1:{Arg("--port", 0)}");
    var app = bare.Build();
    app.MapGet("/", () => "ok");
    app.MapGet("/api/v1/inboxes", async context =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    });
    await app.StartAsync();
    Console.WriteLine("ready at " + app.Urls.First());
    await app.WaitForShutdownAsync();
    return;
}

if (args.Contains("--static-wiremock"))
{
    // The other yardstick: WireMock.Net with one static mapping serving the same bytes, request log off, as a process.
    var bodyAt = Array.IndexOf(args, "--body");
    using var server = StaticWireMock(File.ReadAllBytes(args[bodyAt + 1]), Arg("--port", 0));
    Console.WriteLine("ready at " + server.Url);
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
    await stop.Task;
    return;
}

if (args.Contains("--stub-rows"))
{
    // The stub process as CI runs it, against the raw app and a static WireMock.Net mapping, each a process, by wrk.
    // Extra stub flags after "--stub-flags" (e.g. --log-level warning); --soak-minutes N adds the memory soak.
    var stubAt = Array.IndexOf(args, "--stub");
    var flagsAt = Array.IndexOf(args, "--stub-flags");
    await StubRows.RunAsync(
        stubAt >= 0 ? Path.GetFullPath(args[stubAt + 1]) : Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll"),
        Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.LoadDriver.dll"),
        Arg("--seconds", 10),
        Arg("--connections", 8),
        Arg("--rounds", 6),
        Arg("--soak-minutes", 0),
        flagsAt >= 0 ? args[(flagsAt + 1)..] : []);
    return;
}

if (args.Contains("--tail"))
{
    // Throughput and p99 of the stub process against the bare app, every round printed (issue 27's tail target).
    // --scenario shipped:large (default) or a file; extra stub flags after "--stub-flags".
    var stubAt = Array.IndexOf(args, "--stub");
    var scenarioAt = Array.IndexOf(args, "--scenario");
    var flagsAt = Array.IndexOf(args, "--stub-flags");
    await TailRows.RunAsync(
        stubAt >= 0 ? Path.GetFullPath(args[stubAt + 1]) : Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll"),
        Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.LoadDriver.dll"),
        scenarioAt >= 0 ? args[scenarioAt + 1] : "shipped:large",
        Arg("--seconds", 10),
        Arg("--connections", 8),
        Arg("--rounds", 6),
        args.Contains("--bare-server-gc"),
        flagsAt >= 0 ? args[(flagsAt + 1)..] : []);
    return;
}

if (Array.IndexOf(args, "--start-only") is var startOnlyAt and >= 0)
{
    // Only the stub-versus-bare start-up comparison, for working on start-up.
    var stubAt = Array.IndexOf(args, "--stub");
    await MeasureStubStartAsync(
        startOnlyAt + 1 < args.Length && int.TryParse(args[startOnlyAt + 1], CultureInfo.InvariantCulture, out var rounds) ? rounds : 15,
        stubAt >= 0 ? Path.GetFullPath(args[stubAt + 1]) : null);
    return;
}

if (Array.IndexOf(args, "--against") is var againstAt and >= 0)
{
    // Throughput of a fake already running elsewhere (the stub process, say): --against <api base address> <key>.
    var against = new Uri(args[againstAt + 1]);
    using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { MaxConnectionsPerServer = 8 });
    var againstSeconds = Arg("--seconds", 10);
    Func<long, HttpRequestMessage> page = _ => new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=100");
    await RunAsync(invoker, against, args[againstAt + 2], page, TimeSpan.FromSeconds(2), 8);   // warm-up, not counted
    var (count, elapsed, errors) = await RunAsync(invoker, against, args[againstAt + 2], page, TimeSpan.FromSeconds(againstSeconds), 8);
    Console.WriteLine($"GET inboxes?limit=100 against {against}: {count / elapsed.TotalSeconds:N0} req/s, {errors} non-200");
    return;
}

if (Array.IndexOf(args, "--memory-minutes") is var memoryAt and >= 0)
{
    // Resident memory of this process (the fake on its WireMock.Net port, plus the load's client) under the
    // GET /inboxes?limit=100 load, minute by minute: it must level off, not grow.
    var minutes = int.Parse(args[memoryAt + 1], CultureInfo.InvariantCulture);
    var options = new DeepLeadFakeOptions { Clock = DateTimeOffset.Parse("2024-01-15T12:00:00Z", CultureInfo.InvariantCulture), Seed = 42 };
    options.Scenarios.Add(ScenarioSource.Shipped("default"));
    options.Generate = new DataGeneration { TotalInboxes = 2000 };
    await using var fake = await DeepLeadFake.StartAsync(options);
    using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { MaxConnectionsPerServer = 8 });
    Console.WriteLine($"start: RSS {Environment.WorkingSet / 1024 / 1024} MiB");
    for (var minute = 1; minute <= minutes; minute++)
    {
        var (count, elapsed, _) = await RunAsync(invoker, fake.BaseAddress, fake.ApiKey, _ => new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=100"), TimeSpan.FromMinutes(1), 8);
        Console.WriteLine($"minute {minute}: {count / elapsed.TotalSeconds:N0} req/s, RSS {Environment.WorkingSet / 1024 / 1024} MiB, managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB, journal {fake.Journal.Calls.Count} calls");
    }
    return;
}

var seconds = Arg("--seconds", 10);
var connections = Arg("--connections", 8);
var storageInboxes = Arg("--inboxes", 1_000_000);
var invariant = CultureInfo.InvariantCulture;

Console.WriteLine($"DeepLead.Fakes load driver: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {seconds} s per target, {connections} connections");

var world = new DeepLeadFakeOptions { Clock = DateTimeOffset.Parse("2024-01-15T12:00:00Z", invariant), Seed = 42 };
world.Scenarios.Add(ScenarioSource.Shipped("default"));
world.Generate = new DataGeneration { TotalInboxes = 2000 };

await using (var fake = await DeepLeadFake.StartAsync(world))
await using (var inMemory = await DeepLeadFake.StartAsync(Copy(world, FakeTransport.InMemory)))
{
    using var probe = fake.CreateClient();
    var page = await probe.GetByteArrayAsync("inboxes?limit=100");
    var pools = await probe.GetByteArrayAsync("pools");
    Console.WriteLine($"GET /inboxes?limit=100 body: {page.Length} bytes; GET /pools body: {pools.Length} bytes");

    using var baseline = StaticWireMock(page, 0);
    var baselineUri = new Uri(baseline.Url! + "/api/v1/");
    // The raw ASP.NET Core app in this process too, serving the same bytes: the in-process fake's yardstick.
    var rawBuilder = WebApplication.CreateSlimBuilder();
    rawBuilder.Logging.ClearProviders();
    rawBuilder.WebHost.UseUrls("http://127.0.0.1:0");
    await using var raw = rawBuilder.Build();
    raw.MapGet("/api/v1/inboxes", async context =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page);
    });
    await raw.StartAsync();
    var rawUri = new Uri(raw.Urls.First() + "/api/v1/");

    var rows = new List<(string Name, double Rate)>();
    async Task<double> Measure(string name, HttpMessageInvoker invoker, Uri baseAddress, string key, Func<long, HttpRequestMessage> request)
    {
        await RunAsync(invoker, baseAddress, key, request, TimeSpan.FromSeconds(Math.Min(2, seconds)), connections); // warm-up
        var (count, elapsed, errors) = await RunAsync(invoker, baseAddress, key, request, TimeSpan.FromSeconds(seconds), connections);
        var rate = count / elapsed.TotalSeconds;
        rows.Add((name, rate));
        Console.WriteLine($"{name,-58} {rate,10:N0} req/s{(errors > 0 ? $"  ({errors} unexpected answers!)" : "")}");
        return rate;
    }

    static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
    var batchCounter = 0L;
    HttpRequestMessage Batch(long n)
    {
        var id = Interlocked.Increment(ref batchCounter);
        var items = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"emailAddress": "b{{id}}.{{i}}@gmail.com", "imapPassword": "p"}"""));
        return new HttpRequestMessage(HttpMethod.Post, "inboxes") { Content = new StringContent("[" + items + "]", Encoding.UTF8, "application/json") };
    }
    var singleCounter = 0L;
    HttpRequestMessage Single(long n) => new(HttpMethod.Post, "inboxes")
    {
        Content = new StringContent($$"""{"emailAddress": "s{{Interlocked.Increment(ref singleCounter)}}@gmail.com", "imapPassword": "p"}""", Encoding.UTF8, "application/json"),
    };

    using var socket = new HttpMessageInvoker(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
    // Alternating rounds, so JIT tiering and a busy neighbour cost both sides alike; the last rounds count.
    var staticRates = new List<double>();
    var rawRates = new List<double>();
    var fakeRates = new List<double>();
    var inProcessRounds = Arg("--rounds", 6);
    for (var round = 1; round <= inProcessRounds; round++)
    {
        rawRates.Add(await Measure($"raw ASP.NET Core app, GET /inboxes?limit=100 (round {round})", socket, rawUri, "x", _ => Get("inboxes")));
        staticRates.Add(await Measure($"static WireMock.Net mapping, GET /inboxes?limit=100 (round {round})", socket, baselineUri, "x", _ => Get("inboxes")));
        fakeRates.Add(await Measure($"fake on WireMock.Net, GET /inboxes?limit=100 (round {round})", socket, fake.BaseAddress, fake.ApiKey, _ => Get("inboxes?limit=100")));
    }
    // Medians of per-round ratios (round 1 is warm-up): a ratio within one round cancels the shared machine's drift.
    static double MedianRatio(List<double> side, List<double> baseline)
    {
        var ratios = side.Zip(baseline).Skip(1).Select(p => p.First / p.Second).Order().ToList();
        return ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
    }
    await Measure("fake on WireMock.Net, GET /pools", socket, fake.BaseAddress, fake.ApiKey, _ => Get("pools"));
    await Measure("fake on WireMock.Net, POST /inboxes (one)", socket, fake.BaseAddress, fake.ApiKey, Single);
    await Measure("fake on WireMock.Net, POST /inboxes (batch of 100)", socket, fake.BaseAddress, fake.ApiKey, Batch);
    using var memory = new HttpMessageInvoker(inMemory.CreateHandler());
    await Measure("fake in memory (TestHost), GET /inboxes?limit=100", memory, inMemory.BaseAddress, inMemory.ApiKey, _ => Get("inboxes?limit=100"));
    await Measure("fake in memory (TestHost), GET /pools", memory, inMemory.BaseAddress, inMemory.ApiKey, _ => Get("pools"));
    await Measure("fake in memory (TestHost), POST /inboxes (one)", memory, inMemory.BaseAddress, inMemory.ApiKey, Single);
    Console.WriteLine($"in-process fake on its port, GET /inboxes?limit=100 (medians of per-round ratios, rounds 2-{inProcessRounds}): {MedianRatio(fakeRates, rawRates):0.00}x the raw app, {MedianRatio(fakeRates, staticRates):0.00}x the static mapping (static mapping {MedianRatio(staticRates, rawRates):0.00}x raw)");
}

// Start-up: a second fake in this process (the first one above paid the JIT), and Reset of the default scenario.
foreach (var transport in new[] { FakeTransport.WireMock, FakeTransport.InMemory })
{
    var times = new List<double>();
    for (var i = 0; i < 30; i++)
    {
        var watch = Stopwatch.StartNew();
        var started = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = transport });
        times.Add(watch.Elapsed.TotalMilliseconds);
        await started.DisposeAsync();
    }
    times.Sort();
    Console.WriteLine($"start a fake ({transport}): median {times[times.Count / 2]:0.00} ms, p90 {times[(int)(times.Count * 0.9)]:0.00} ms");
}
{
    var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
    options.Scenarios.Add(ScenarioSource.Shipped("default"));
    await using var fake = await DeepLeadFake.StartAsync(options);
    for (var i = 0; i < 1000; i++) fake.Reset();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < 10_000; i++) fake.Reset();
    Console.WriteLine($"Reset() of the default scenario: {watch.Elapsed.TotalMilliseconds / 10_000 * 1000:0.0} µs");
}

// Stub start-up: process start to the first 200, against a bare ASP.NET Core app started the same way.
await MeasureStubStartAsync(6);

// stubDll: a published stub (e.g. the ReadyToRun build the tool and the image ship) instead of the one built beside this driver.
static async Task MeasureStubStartAsync(int rounds, string? stubDll = null)
{
    var here = AppContext.BaseDirectory;
    stubDll ??= Path.Combine(here, "DeepLead.Fakes.Server.dll");
    var bareDll = Path.Combine(here, "DeepLead.Fakes.LoadDriver.dll");
    var stubTimes = new List<double>();
    var bareTimes = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        // What a CI job waits for: the first 200 on the API itself (the bare app answers the same path).
        bareTimes.Add(await TimeToFirst200Async(bareDll, ["--bare-server"], "/api/v1/inboxes"));
        stubTimes.Add(await TimeToFirst200Async(stubDll, ["--port", "0", "--log-level", "warning"], "/api/v1/inboxes"));
    }
    bareTimes.Sort();
    stubTimes.Sort();
    var bareMedian = bareTimes[bareTimes.Count / 2];
    var stubMedian = stubTimes[stubTimes.Count / 2];
    Console.WriteLine($"process start to first 200 on GET /api/v1/inboxes: bare ASP.NET Core app {bareMedian:0} ms, stub {stubMedian:0} ms (+{stubMedian - bareMedian:0} ms), medians of {rounds}, stub {stubDll}");
}

// Storage: managed memory per stored inbox with many inboxes loaded.
{
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory, Clock = DateTimeOffset.Parse("2024-01-15T12:00:00Z", invariant), Generate = new DataGeneration { Pools = 10, TotalInboxes = storageInboxes } };
    var watch = Stopwatch.StartNew();
    await using var fake = await DeepLeadFake.StartAsync(options);
    var loadTime = watch.Elapsed;
    var after = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"{storageInboxes:N0} inboxes loaded in {loadTime.TotalSeconds:0.0} s: {(after - before) / (double)storageInboxes:0} bytes per inbox (managed heap, indexes included); process RSS {Environment.WorkingSet / 1024 / 1024} MiB");
    using var client = fake.CreateClient();
    // 300 distinct windows per position, more than the render cache keeps, so every request renders its page.
    string[] Windows(Func<int, string> window) => [.. Enumerable.Range(0, 300).Select(window)];
    var pool = fake.Pools[0].Id;
    var poolCount = fake.Pools[0].InboxCount;
    var first = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={i}"));
    var last = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={storageInboxes - 100 - i}"));
    var firstFiltered = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={i}&poolId={pool}&status=active"));
    var lastFiltered = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={poolCount - 100 - i}&poolId={pool}&status=active"));
    var firstPool = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={i}&poolId={pool}"));
    var lastPool = await TimePageAsync(client, Windows(i => $"inboxes?limit=100&skip={poolCount - 100 - i}&poolId={pool}"));
    Console.WriteLine($"page (limit 100, rendered each time) at the start vs the end of {storageInboxes:N0}: no filter {first:0.0} vs {last:0.0} µs ({last / first:0.00}x); poolId {firstPool:0.0} vs {lastPool:0.0} µs ({lastPool / firstPool:0.00}x); poolId+status {firstFiltered:0.0} vs {lastFiltered:0.0} µs ({lastFiltered / firstFiltered:0.00}x)");
    GC.KeepAlive(fake);
}

static async Task<double> TimePageAsync(HttpClient client, string[] paths)
{
    foreach (var path in paths)
    {
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
    }
    var watch = Stopwatch.StartNew();
    const int rounds = 10;
    for (var round = 0; round < rounds; round++)
    {
        foreach (var path in paths)
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
    }
    return watch.Elapsed.TotalMilliseconds * 1000 / (rounds * paths.Length);
}

static async Task<double> TimeToFirst200Async(string dll, string[] arguments, string path)
{
    var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    info.ArgumentList.Add(dll);
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    try
    {
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
        {
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (line.Contains("ready at", StringComparison.Ordinal) && at >= 0)
            {
                var root = new Uri(new Uri(line[at..].Split(' ')[0]), "/");
                using var client = new HttpClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_your_api_key_here");
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri(root, path));
                        if ((int)response.StatusCode == 200)
                        {
                            return watch.Elapsed.TotalMilliseconds;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not accepting yet: ask again.
                    }
                }
            }
        }
        throw new InvalidOperationException($"{dll} exited before it was ready: {await process.StandardError.ReadToEndAsync()}");
    }
    finally
    {
        process.Kill();
        await process.WaitForExitAsync();
    }
}

static async Task<(long Count, TimeSpan Elapsed, long Errors)> RunAsync(
    HttpMessageInvoker invoker, Uri baseAddress, string key, Func<long, HttpRequestMessage> create, TimeSpan duration, int connections)
{
    long count = 0, errors = 0;
    var auth = new AuthenticationHeaderValue("Bearer", key);
    var watch = Stopwatch.StartNew();
    var deadline = duration;
    var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
    {
        while (watch.Elapsed < deadline)
        {
            using var request = create(Interlocked.Read(ref count));
            request.RequestUri = new Uri(baseAddress, request.RequestUri!.OriginalString);
            request.Headers.Authorization = auth;
            using var response = await invoker.SendAsync(request, CancellationToken.None);
            await response.Content.CopyToAsync(Stream.Null);
            if ((int)response.StatusCode != 200)
            {
                Interlocked.Increment(ref errors);
            }
            Interlocked.Increment(ref count);
        }
    })).ToArray();
    await Task.WhenAll(workers);
    return (count, watch.Elapsed, errors);
}

// WireMock.Net with its defaults except the request log (capped at 0, as the fake keeps it) and body parsing off.
static WireMockServer StaticWireMock(byte[] body, int port)
{
    var server = WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"http://127.0.0.1:{port}"],
        MaxRequestLogCount = 0,
        DisableJsonBodyParsing = true,
        DisableRequestBodyDecompressing = true,
        DisableDeserializeFormUrlEncoded = true,
        DoNotSaveDynamicResponseInLogEntry = true,
    });
    server.Given(Request.Create().WithPath("/api/v1/inboxes").UsingGet())
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body));
    return server;
}

static DeepLeadFakeOptions Copy(DeepLeadFakeOptions source, FakeTransport transport)
{
    var copy = new DeepLeadFakeOptions { Clock = source.Clock, Seed = source.Seed, Generate = source.Generate, Transport = transport };
    foreach (var scenario in source.Scenarios) copy.Scenarios.Add(scenario);
    return copy;
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
