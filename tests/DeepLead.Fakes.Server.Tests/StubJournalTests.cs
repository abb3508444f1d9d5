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
}
