using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Server.Tests.Shadowing;

/// <summary><c>deeplead-fake snapshot</c> and <c>--shadow</c> as a CI job runs them, against an in-process fake standing in for DeepLead.</summary>
public sealed class ShadowCommandTests
{
    private const string Key = "dl_live_account_key_93b1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(60);

    /// <summary>The "live" account: its own pools and inboxes, and readings of the documentation the fake's defaults do not share.</summary>
    private static Task<DeepLeadFake> StartUpstreamAsync(string? rulesJson = null)
    {
        var scenario = $$"""
            {
              "seed": 5,
              "clock": "2025-02-03T04:05:06Z",
              "apiKeys": [{ "key": "{{Key}}" }],
              "pools": [{ "id": "65b000000000000000000001", "name": "Outbound", "createdAt": "2025-01-01T00:00:00Z" }],
              "inboxes": [
                { "emailAddress": "one@gmail.com", "poolId": "65b000000000000000000001", "status": "paused", "createdAt": "2025-01-02T00:00:00Z" },
                { "emailAddress": "two@outlook.com", "poolId": "65b000000000000000000001", "dailySendingLimit": 25, "createdAt": "2025-01-03T00:00:00Z" }
              ],
              "generate": { "inboxes": 40 },
              "settings": { "unknownPoolFilter": "emptyPage", "timestampPrecision": "milliseconds" }
              {{(rulesJson is null ? "" : $", \"rules\": {rulesJson}")}}
            }
            """;
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Json(scenario, "upstream"));
        return DeepLeadFake.StartAsync(options, Ct);
    }

    private static void AssertNoKey(StubProcess stub)
    {
        Assert.DoesNotContain(Key, stub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_writes_a_scenario_the_stub_loads_and_serves_like_the_account()
    {
        await using var upstream = await StartUpstreamAsync();
        using var file = new TempFile();
        await using (var snapshot = StubProcess.Start(new Dictionary<string, string> { ["DEEPLEAD_API_KEY"] = Key }, "snapshot", "--from", upstream.BaseAddress.AbsoluteUri, "--out", file.Path))
        {
            Assert.Equal(0, await snapshot.WaitForExitAsync(Exit));
            Assert.StartsWith($"Wrote {file.Path}: 1 pools, 42 inboxes (2 requests, ", snapshot.Output, StringComparison.Ordinal);
            AssertNoKey(snapshot);
        }

        await using var stub = StubProcess.Start("--port", "0", "--scenario", file.Path, "--log-level", "warning");
        using var copy = new StubHttp(await stub.WaitUntilReadyAsync());
        using var live = upstream.CreateClient(Key);
        live.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        foreach (var list in new[] { "pools", "inboxes?limit=10&skip=5", "inboxes?status=paused" })
        {
            using var response = await copy.ApiAsync(HttpMethod.Get, list, key: Key);
            // The account writes milliseconds and the stub's default seconds: the same once the precision is removed.
            var expected = (await live.GetStringAsync(list, Ct)).Replace(".000Z", "Z", StringComparison.Ordinal);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync(Ct));
        }
        using var write = await copy.ApiAsync(HttpMethod.Post, "inboxes", """{"emailAddress":"new@gmail.com","imapPassword":"pw"}""", key: Key);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode); // the key is read-only in a snapshot unless asked
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_snapshot_that_fails_exits_5_naming_the_page_and_writes_nothing()
    {
        await using var upstream = await StartUpstreamAsync("""[{ "match": { "path": "/inboxes" }, "respond": { "status": 503, "error": "Maintenance", "headers": { "Retry-After": "0" } } }]""");
        using var file = new TempFile();
        await using var snapshot = StubProcess.Start("snapshot", "--from", upstream.BaseAddress.AbsoluteUri, "--key", Key, "--out", file.Path, "--max-rps", "1000");

        Assert.Equal(5, await snapshot.WaitForExitAsync(Exit));
        Assert.Equal("error: Snapshot stopped at inbox page 1 (GET /inboxes?limit=1000&skip=0) after 0 inboxes: the source answered 503 11 times in a row: Maintenance. Nothing was written; run it again to retry.", snapshot.Errors.Trim());
        Assert.False(File.Exists(file.Path));
        AssertNoKey(snapshot);
    }

    [Fact]
    public async Task Shadow_mode_answers_with_the_account_reports_the_differences_and_the_written_settings_remove_them()
    {
        await using var upstream = await StartUpstreamAsync();
        using var report = new TempFile();
        using var settings = new TempFile();
        using var coverage = new TempFile();
        await using (var shadow = StubProcess.Start("--port", "0", "--shadow", upstream.BaseAddress.AbsoluteUri, "--shadow-key", Key,
            "--shadow-report", report.Path, "--write-settings", settings.Path, "--coverage-report", coverage.Path))
        {
            using var http = new StubHttp(await shadow.WaitUntilReadyAsync());
            await RunTrafficAsync(http);
            Assert.Equal(0, await shadow.StopAsync());
            AssertNoKey(shadow);
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(report.Path, Ct))!;
        Assert.Equal(
            ["GET /pools timestampPrecision pools[].createdAt", "GET /inboxes timestampPrecision inboxes[].createdAt", "GET /inboxes status "],
            json["groups"]!.AsArray().Select(g => $"{g!["endpoint"]} {g["kind"]} {g["path"]}"));
        Assert.Equal("""{"timestampPrecision":"milliseconds","unknownPoolFilter":"emptyPage"}""", json["suggestedSettings"]!.ToJsonString());
        Assert.Contains("setting: \"unknownPoolFilter\": \"emptyPage\" removes it", await File.ReadAllTextAsync(Path.ChangeExtension(report.Path, ".txt"), Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, await File.ReadAllTextAsync(report.Path, Ct), StringComparison.Ordinal);
        // The consumer coverage report counts the shadowed calls: the fake saw each of them.
        using (var covered = JsonDocument.Parse(await File.ReadAllTextAsync(coverage.Path, Ct)))
        {
            var calls = covered.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("calls").GetInt32());
            // The fake's own answers are counted: its 404 for the unknown pool, where the account said 200.
            Assert.Equal((1, 1, 1), (calls["GET /pools -> 200"], calls["GET /inboxes -> 200"], calls["GET /inboxes -> 404"]));
        }

        // Again, with the written settings layered over the snapshot: nothing left to report.
        using var again = new TempFile();
        await using (var settled = StubProcess.Start("--port", "0", "--shadow", upstream.BaseAddress.AbsoluteUri, "--shadow-key", Key,
            "--shadow-report", again.Path, "--scenario", settings.Path))
        {
            using var http = new StubHttp(await settled.WaitUntilReadyAsync());
            await RunTrafficAsync(http);
            Assert.Equal(0, await settled.StopAsync());
        }
        var after = JsonNode.Parse(await File.ReadAllTextAsync(again.Path, Ct))!;
        Assert.Empty(after["groups"]!.AsArray());
        Assert.Equal(3, after["calls"]!["compared"]!.GetValue<int>());
        File.Delete(Path.ChangeExtension(report.Path, ".txt"));
        File.Delete(Path.ChangeExtension(again.Path, ".txt"));
    }

    private static async Task RunTrafficAsync(StubHttp http)
    {
        using var pools = await http.ApiAsync(HttpMethod.Get, "pools", key: Key);
        Assert.Contains(".000Z", await pools.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // the account's answer
        (await http.ApiAsync(HttpMethod.Get, "inboxes?limit=5", key: Key)).Dispose();
        using var unknown = await http.ApiAsync(HttpMethod.Get, "inboxes?poolId=65b0000000000000000000ff", key: Key);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
    }

    [Theory]
    [InlineData("--shadow-key", "k")]
    [InlineData("--shadow-writes")]
    [InlineData("--write-settings", "x.json")]
    public async Task Shadow_flags_without_shadow_are_usage_errors(params string[] flag)
    {
        await using var stub = StubProcess.Start(["--port", "0", .. flag]);
        Assert.Equal(2, await stub.WaitForExitAsync(Exit));
        Assert.Contains($"error: {flag[0]} needs --shadow", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shadow_without_a_report_file_is_a_usage_error_that_never_echoes_the_key()
    {
        await using var stub = StubProcess.Start("--port", "0", "--shadow", "http://127.0.0.1:9/api/v1", "--shadow-key", Key);
        Assert.Equal(2, await stub.WaitForExitAsync(Exit));
        Assert.Contains("error: --shadow needs --shadow-report FILE", stub.Errors, StringComparison.Ordinal);
        AssertNoKey(stub);
    }
}
