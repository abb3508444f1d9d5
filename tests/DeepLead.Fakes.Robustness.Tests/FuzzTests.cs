using Microsoft.AspNetCore.Builder;
using System.Net;
using DeepLead.Fakes.Robustness.Tests.Fuzz;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// A seeded fuzzer over HTTP: random and mutated requests to every endpoint (malformed and truncated JSON, wrong types,
/// huge and unicode strings, out-of-range numbers, oversized batches and bodies, junk query strings, every auth variant,
/// unknown paths and methods, wrong content types). No 500, no hang, the documented status and shape for every answer,
/// and a healthy fake with its invariants intact afterwards.
/// Long run: <c>DEEPLEAD_FUZZ_REQUESTS=200000 dotnet test --project tests/DeepLead.Fakes.Robustness.Tests -- --filter-class "*FuzzTests"</c>
/// (<c>DEEPLEAD_FUZZ_SEED</c> picks another seed; a failure names the request index, which replays alone:
/// <c>dotnet run --project tests/DeepLead.Fakes.FuzzReplay -- show SEED INDEX</c>). Every run prints
/// <c>fuzz transcript sha256: …</c> per transport, the digest of the requests it sent in index order, to compare runs.
/// </summary>
public sealed class FuzzTests
{
    private static int Requests => int.TryParse(Environment.GetEnvironmentVariable("DEEPLEAD_FUZZ_REQUESTS"), out var n) && n > 0 ? n : 20_000;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("DEEPLEAD_FUZZ_SEED"), out var s) ? s : 20240115;

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Random_and_mutated_requests_get_documented_answers_and_leave_the_fake_healthy(FakeTransport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var count = transport == FakeTransport.InMemory ? Requests : Math.Max(500, Requests / 8);
        // The journal keeps every call of the run (issue 26: one entry per request, whatever its body), and the log
        // is watched for errors: the stub prints them as "fail:" lines, and a call the journal could not record is one.
        var log = new ErrorLog();
        var reachedApi = 0;
        var options = new DeepLeadFakeOptions { Transport = transport, Seed = 5, JournalCapacity = count + 100, Logger = log };
        // Over the port, the requests that reach the fake are the ones the web server hands on, counted at the door:
        // every path goes through the fake's pipeline (outside /api/v1 too: a 404 with a hint, journaled), and the
        // others are the server's own refusals (a request line or headers over its limits).
        options.WireMockPipeline = app => app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref reachedApi);
            await next(context);
        });
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        await using var fake = await DeepLeadFake.StartAsync(options, ct);
        var tenant = fake.CreateTenant();
        var revoked = fake.CreateTenant();
        revoked.Dispose();
        // The generator's keys are fixed values, so a transcript can be drawn without a fake (FuzzReplay); these are them.
        var keys = FuzzKeys.DefaultScenario;
        Assert.Equal((keys.Tenant, keys.Revoked), (tenant.ApiKey, revoked.ApiKey));
        using var client = new HttpClient(fake.CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

        // The bulk in memory; a slice over the port (the same generator, other indexes).
        var first = transport == FakeTransport.InMemory ? 0 : 1_000_000_000;
        var generator = new FuzzGenerator(Seed, keys);
        var report = await FuzzRunner.RunAsync(client, fake.BaseAddress, generator, first, count, workers: 4, overThePort: transport == FakeTransport.WireMock, ct);
        TestContext.Current.TestOutputHelper!.WriteLine($"{transport}, seed {Seed}, indexes {first}..{first + count - 1}: {report.Summary()}");
        TestContext.Current.TestOutputHelper!.WriteLine(FuzzTranscript.LinePrefix + report.TranscriptDigest);
        TestContext.Current.TestOutputHelper!.WriteLine("bodies: " + string.Join(", ", report.ByBodyKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));

        Assert.True(report.Failures.IsEmpty,
            $"{report.Failures.Count} of {report.Sent} answers broke the contract (seed {Seed}); by kind, with the first example of each:\n" + report.Grouped());
        Assert.Equal(count, report.Sent);
        // What four racing workers sent is exactly what the seed draws, in index order.
        Assert.Equal(FuzzTranscript.Of(generator, first, count), report.TranscriptDigest);
        Assert.True(report.ByStatus.GetValueOrDefault(200) > count / 10, "too few successes: the fuzzer must reach the endpoints' logic");

        // Every request that reached the API is in the journal exactly once, and nothing failed to be recorded.
        var expected = transport == FakeTransport.InMemory ? count : Volatile.Read(ref reachedApi);
        Assert.True(expected > count / 2, $"only {expected} of {count} requests reached the API");
        var calls = fake.Journal.Calls;
        Assert.Equal(expected, calls.Count);
        Assert.Equal(expected, calls.Select(c => c.Sequence).Distinct().Count());
        Assert.Equal(expected, fake.Journal.LastSequence);
        Assert.True(log.Errors.IsEmpty, $"{log.Errors.Count} errors logged, the first: {log.Errors.FirstOrDefault()}");

        // Still healthy: the invariants hold for both accounts, and ordinary calls work and answer quickly.
        // A fresh client: the fuzzing one has sent requests, so its base address can no longer be set.
        using var checker = new HttpClient(fake.CreateHandler(), disposeHandler: true) { BaseAddress = fake.BaseAddress };
        await Invariants.CheckAsync(checker, keys.Full, 1000, fake.Pools, fake.Inboxes, ct);
        await Invariants.CheckAsync(checker, tenant.ApiKey, 1000, tenant.Pools, tenant.Inboxes, ct);
        var create = await Wire.SendAsync(client, Wire.Request(HttpMethod.Post, new Uri(fake.BaseAddress, "inboxes").ToString(), keys.Full, """{"emailAddress": "after.fuzz@gmail.com", "imapPassword": "pw"}"""), ct);
        Assert.Equal((int)HttpStatusCode.OK, create.Status);
        Assert.Contains(fake.Inboxes, i => i.EmailAddress == "after.fuzz@gmail.com");
        var list = await Wire.SendAsync(client, Wire.Request(HttpMethod.Get, new Uri(fake.BaseAddress, "inboxes?limit=1").ToString(), keys.Full), ct);
        Assert.Equal((int)HttpStatusCode.OK, list.Status);
        Assert.True(list.Elapsed < TimeSpan.FromSeconds(2), $"a list after the fuzz took {list.Elapsed}");
    }
}

/// <summary>Keeps every log line at Error level or above: what the stub prints as "fail:".</summary>
internal sealed class ErrorLog : Microsoft.Extensions.Logging.ILogger
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Errors.Enqueue(formatter(state, exception));
        }
    }
}
