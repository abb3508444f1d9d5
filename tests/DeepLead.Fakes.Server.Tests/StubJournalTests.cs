using System.Net;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// Issue 26, finding 10, as the stub ships: a create whose address holds an unpaired surrogate escape gets its 400, is
/// in the admin journal like every other call, and the stub prints no "fail:" line for it.
/// </summary>
public sealed class StubJournalTests
{
    private const string AdminToken = "admin-Token-journal";

    [Fact]
    public async Task Every_create_is_journalled_whatever_its_body_and_nothing_fails_to_record()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", AdminToken);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), AdminToken);
        string[] bodies =
        [
            """{"emailAddress":"a\ud800@gmail.com","imapPassword":"x"}""",
            """{"emailAddress":"\udfff","imapPassword":"x"}""",
            """[{"emailAddress":"b\ud800@gmail.com","imapPassword":"x"}]""",
            """{"emailAddress":"c@gmail.com","imapPassword":"x","provider":"Google","poolId":null}""",
        ];

        var statuses = new List<HttpStatusCode>();
        foreach (var body in bodies)
        {
            using var response = await http.ApiAsync(HttpMethod.Post, "inboxes", body);
            statuses.Add(response.StatusCode);
        }
        var journal = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/journal");
        await stub.WaitForLineAsync(StubCommandLineTests.RequestLine("GET", "/__admin/deeplead/journal", 200));
        Assert.Equal(0, await stub.StopAsync());

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK], statuses);
        Assert.Equal([400, 400, 400, 200], journal.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("status").GetInt32()));
        Assert.DoesNotContain(stub.OutputLines, l => l.StartsWith("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reset_brings_back_the_scenarios_clock_and_the_same_ids_as_a_fresh_start()
    {
        // Issue 26, finding 7: docs/admin-api.md promises the same id sequence after a reset.
        await using var stub = StubProcess.Start("--port", "0", "--scenario", "shipped:default", "--admin-token", AdminToken);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), AdminToken);
        const string body = """{"emailAddress":"after.reset@gmail.com","imapPassword":"x"}""";

        var fresh = await CreateAsync(http, body);
        await http.AdminJsonAsync(HttpMethod.Put, "/__admin/deeplead/clock", """{"now": "2024-03-01T08:00:00Z"}""");
        await http.AdminJsonAsync(HttpMethod.Post, "/__admin/deeplead/clock", """{"advanceSeconds": 3600}""");
        using (var reset = await http.AdminAsync(HttpMethod.Post, "/__admin/deeplead/reset"))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }
        var now = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/clock");
        var afterReset = await CreateAsync(http, body);
        Assert.Equal(0, await stub.StopAsync());

        Assert.Equal("2024-01-15T12:00:00.000Z", now.GetProperty("now").GetString());
        Assert.Equal(fresh, afterReset);
    }

    private static async Task<string> CreateAsync(StubHttp http, string body)
    {
        using var response = await http.ApiAsync(HttpMethod.Post, "inboxes", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(StubProcess.Ct);
    }
}
