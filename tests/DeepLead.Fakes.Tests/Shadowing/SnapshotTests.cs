using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Tests.Shadowing;

public sealed class SnapshotTests
{
    private static CancellationToken Ct => TestSupport.Ct;

    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task A_snapshot_loads_as_is_and_answers_the_lists_byte_for_byte(FakeTransport transport)
    {
        await using var upstream = await Upstream.StartAsync(transport, Upstream.Scenario(generated: 2_400));
        using var source = Upstream.Client(upstream);
        var snapshot = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct);
        Assert.Equal(2, snapshot.PoolCount);
        Assert.Equal(2_403, snapshot.InboxCount);
        Assert.Equal(4, snapshot.Requests); // pools, then pages at skip 0, 1000, 2000

        var options = new DeepLeadFakeOptions { Transport = transport };
        options.Scenarios.Add(snapshot.ToScenarioSource());
        await using var copy = await DeepLeadFake.StartAsync(options, Ct);
        using var fromUpstream = upstream.CreateClient(Upstream.Key);
        using var fromCopy = copy.CreateClient(Upstream.Key);
        string[] lists =
        [
            "pools",
            "inboxes",
            "inboxes?limit=1000&skip=0",
            "inboxes?limit=1000&skip=2000",
            "inboxes?limit=7&skip=3&status=paused",
            $"inboxes?poolId={Upstream.SupportPool}&limit=50",
            "inboxes?status=error",
        ];
        foreach (var list in lists)
        {
            var expected = await fromUpstream.GetByteArrayAsync(list, Ct);
            var actual = await fromCopy.GetByteArrayAsync(list, Ct);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"GET /{list} differs");
        }
    }

    [Fact]
    public async Task A_snapshot_written_as_it_is_read_is_the_same_file_and_holds_no_inbox()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 2_400));
        using var source = Upstream.Client(upstream);
        var at = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var directory = Directory.CreateTempSubdirectory("snapshot-stream-");
        try
        {
            var held = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(new InstantTimeProvider(at)), Ct);
            var heldPath = Path.Combine(directory.FullName, "held.json");
            await held.WriteScenarioAsync(heldPath, Ct);

            // Issue 27: what deeplead-fake snapshot uses, so a million-inbox account is never held in memory.
            var streamedPath = Path.Combine(directory.FullName, "streamed.json");
            var streamed = await DeepLeadSnapshot.TakeToFileAsync(source, Upstream.SnapshotOptions(new InstantTimeProvider(at)), streamedPath, Ct);

            Assert.Equal(await File.ReadAllBytesAsync(heldPath, Ct), await File.ReadAllBytesAsync(streamedPath, Ct));
            Assert.Equal((held.PoolCount, held.InboxCount, held.Requests), (streamed.PoolCount, streamed.InboxCount, streamed.Requests));
            Assert.Equal(held.ToScenarioJson(), streamed.ToScenarioJson());
            // Only the scenario is left: no spool of inboxes, no temporary file.
            Assert.Equal(["held.json", "streamed.json"], directory.EnumerateFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_snapshot_only_reads_pools_and_inbox_pages_at_the_largest_limit()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 1_500));
        using var source = Upstream.Client(upstream);
        await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct);

        var calls = upstream.Journal.Calls;
        Assert.Equal(["GET /api/v1/pools", "GET /api/v1/inboxes?limit=1000&skip=0", "GET /api/v1/inboxes?limit=1000&skip=1000"],
            calls.Select(c => $"{c.Method} {c.Path}{(c.Query.Length > 0 ? "?" + c.Query : "")}"));
        Assert.Equal(1_503, upstream.Inboxes.Count);
    }

    [Fact]
    public async Task The_scenario_says_passwords_are_not_copied_and_keeps_the_key_read_only_unless_told()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario());
        using var source = Upstream.Client(upstream);

        var readOnly = JsonNode.Parse((await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct)).ToScenarioJson())!;
        Assert.Contains(DeepLeadSnapshot.PasswordNote, readOnly["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""[{"key":"dl_upstream_secret_7f3a9c","permissions":["pools:read","inboxes:read"]}]""", readOnly["apiKeys"]!.ToJsonString());
        Assert.DoesNotContain("password", readOnly["inboxes"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var options = Upstream.SnapshotOptions();
        options.Key = SnapshotKey.Writable;
        var writable = JsonNode.Parse((await DeepLeadSnapshot.TakeAsync(source, options, Ct)).ToScenarioJson())!;
        Assert.Equal("""["pools:read","inboxes:read","inboxes:write"]""", writable["apiKeys"]![0]!["permissions"]!.ToJsonString());

        options.Key = SnapshotKey.Omit;
        var omitted = JsonNode.Parse((await DeepLeadSnapshot.TakeAsync(source, options, Ct)).ToScenarioJson())!;
        Assert.Null(omitted["apiKeys"]);
        Assert.DoesNotContain(Upstream.Key, omitted.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_snapshot_refuses_writes_with_403()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario());
        using var source = Upstream.Client(upstream);
        var snapshot = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct);
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(snapshot.ToScenarioSource());
        await using var copy = await DeepLeadFake.StartAsync(options, Ct);
        using var client = copy.CreateClient(Upstream.Key);

        using var response = await client.PostJsonAsync("inboxes", """{"emailAddress":"new@gmail.com","imapPassword":"x"}""");

        await TestSupport.AssertErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_snapshot_waits_out_429_for_as_long_as_Retry_After_says()
    {
        var time = new InstantTimeProvider(Upstream.Clock);
        var settings = new JsonObject { ["rateLimit"] = new JsonObject { ["calls"] = 2, ["windowSeconds"] = 30 } };
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 2_400, settings: settings), time);
        using var source = Upstream.Client(upstream);

        var snapshot = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(time), Ct);

        Assert.Equal(2_403, snapshot.InboxCount);
        // Pools and page 1 fill the window; page 2 gets 429 with the whole window (30 s) left; its retry opens a new
        // window, which page 3 shares.
        Assert.Equal([TimeSpan.FromSeconds(30)], time.Waits);
        Assert.Equal(TimeSpan.FromSeconds(30), snapshot.WaitedForRetryAfter);
        Assert.Equal(["/api/v1/inboxes?limit=1000&skip=1000"], upstream.Journal.Calls.Where(c => c.Status == 429).Select(c => c.Path + "?" + c.Query));
        Assert.Equal(5, snapshot.Requests);
    }

    [Fact]
    public async Task A_snapshot_paces_itself_to_the_rate_asked_for()
    {
        var time = new InstantTimeProvider(Upstream.Clock);
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 2_400), time);
        using var source = Upstream.Client(upstream);
        var options = Upstream.SnapshotOptions(time);
        options.MaxRequestsPerSecond = 2;

        await DeepLeadSnapshot.TakeAsync(source, options, Ct);

        var times = upstream.Journal.Calls.Select(c => c.Timestamp).ToList();
        Assert.Equal(4, times.Count);
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(500), $"call {i + 1} came {(times[i] - times[i - 1]).TotalMilliseconds} ms after the one before");
        }
        Assert.All(time.Waits, wait => Assert.True(wait <= TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_failing_page_stops_the_snapshot_with_a_message_naming_it_and_no_key()
    {
        var rules = new JsonArray(new JsonObject
        {
            ["match"] = new JsonObject { ["method"] = "GET", ["path"] = "/inboxes", ["query"] = new JsonObject { ["skip"] = "1000" } },
            ["respond"] = new JsonObject { ["status"] = 500, ["error"] = $"Database unavailable for {Upstream.Key}" },
        });
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 2_400, rules: rules));
        using var source = Upstream.Client(upstream);

        var failure = await Assert.ThrowsAsync<SnapshotException>(() => DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct));

        Assert.Equal("Snapshot stopped at inbox page 2 (GET /inboxes?limit=1000&skip=1000) after 1,000 inboxes: the source answered 500: Database unavailable for <key>. Nothing was written; run it again to retry.", failure.Message);
        Assert.Equal(500, failure.Status);
        Assert.Equal(1_000, failure.InboxesRead);
    }

    [Fact]
    public async Task A_snapshot_gives_up_after_too_many_429s_in_a_row()
    {
        var time = new InstantTimeProvider(Upstream.Clock);
        var rules = new JsonArray(new JsonObject
        {
            ["match"] = new JsonObject { ["path"] = "/pools" },
            ["respond"] = new JsonObject { ["status"] = 429, ["error"] = "Slow down", ["headers"] = new JsonObject { ["Retry-After"] = "5" } },
        });
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(rules: rules), time);
        using var source = Upstream.Client(upstream);
        var options = Upstream.SnapshotOptions(time);
        options.MaxRetriesPerPage = 3;

        var failure = await Assert.ThrowsAsync<SnapshotException>(() => DeepLeadSnapshot.TakeAsync(source, options, Ct));

        Assert.Equal("Snapshot stopped at the pool list (GET /pools) after 0 inboxes: the source answered 429 4 times in a row: Slow down. Nothing was written; run it again to retry.", failure.Message);
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(5), 3), time.Waits);
    }

    [Fact]
    public async Task Progress_is_reported_after_every_page_with_the_total()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 2_400));
        using var source = Upstream.Client(upstream);
        var seen = new List<SnapshotProgress>();
        var options = Upstream.SnapshotOptions();
        options.Progress = new SynchronousProgress(seen.Add);

        await DeepLeadSnapshot.TakeAsync(source, options, Ct);

        Assert.Equal([new SnapshotProgress(1, 1_000, 2_403), new SnapshotProgress(2, 2_000, 2_403), new SnapshotProgress(3, 2_403, 2_403)], seen);
    }

    [Fact]
    public async Task The_written_file_matches_the_scenario_schema_and_loads_from_disk()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 20));
        using var source = Upstream.Client(upstream);
        var snapshot = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct);
        var path = Path.Combine(Path.GetTempPath(), $"snapshot-{Guid.NewGuid():N}.json");
        try
        {
            await snapshot.WriteScenarioAsync(path, Ct);
            var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory }.AddScenarioFile(path);
            await using var copy = await DeepLeadFake.StartAsync(options, Ct);
            Assert.Equal(upstream.Inboxes.Select(i => (i.Id, i.EmailAddress, i.Status, i.DailySendingLimit, i.CreatedAt)),
                copy.Inboxes.Select(i => (i.Id, i.EmailAddress, i.Status, i.DailySendingLimit, i.CreatedAt)));
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, Ct));
            Assert.Equal("snapshot", document.RootElement.GetProperty("name").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this one records in order, at once.</summary>
    private sealed class SynchronousProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }
}
