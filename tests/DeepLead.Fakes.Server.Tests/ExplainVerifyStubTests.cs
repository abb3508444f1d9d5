using System.Net;
using System.Text.Json;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// The stub as shipped: the call header and hint on its answers, <c>GET /__admin/deeplead/journal/{n}/explain</c>,
/// <c>POST /__admin/deeplead/verify</c> and the typed client's verification, and the log line for each error answer.
/// </summary>
public sealed class ExplainVerifyStubTests
{
    private const string Token = "explain-verify-token";
    private static CancellationToken Ct => StubProcess.Ct;

    private static long CallNumber(HttpResponseMessage response) => long.Parse(Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Call")), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Answers_carry_their_call_number_and_the_explain_endpoint_says_why()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", Token);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), Token);
        using var admin = new DeepLeadStubClient(http.Root, Token);
        await admin.AddRulesAsync(DeepLeadFakeAdmin.FormatRules([FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503).Times(1).Named("outage")]), Ct);

        var numbers = new Dictionary<string, long>();
        foreach (var (name, method, path, key, status) in new (string, string, string, string?, HttpStatusCode)[]
        {
            ("endpoint", "GET", "pools", StubHttp.DefaultKey, HttpStatusCode.OK),
            ("rule", "GET", "pools?outage=1", StubHttp.DefaultKey, HttpStatusCode.ServiceUnavailable),
            ("route", "GET", "inbox", StubHttp.DefaultKey, HttpStatusCode.NotFound),
            ("auth", "GET", "pools", null, HttpStatusCode.Unauthorized),
            ("query", "GET", "inboxes?limit=0", StubHttp.DefaultKey, HttpStatusCode.BadRequest),
        })
        {
            using var response = await http.ApiAsync(new HttpMethod(method), path, key: key);
            Assert.Equal(status, response.StatusCode);
            numbers[name] = CallNumber(response);
            if (name == "route")
            {
                Assert.Equal("did you mean GET /api/v1/inboxes?", Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Hint")));
            }
        }
        using (var outside = await http.AdminAsync(HttpMethod.Get, "/api/v2/pools"))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
            Assert.Equal("did you mean GET /api/v1/pools?", Assert.Single(outside.Headers.GetValues("X-DeepLead-Fake-Hint")));
            numbers["outside"] = CallNumber(outside);
        }

        foreach (var (name, number) in numbers)
        {
            var explanation = await http.AdminJsonAsync(HttpMethod.Get, $"/__admin/deeplead/journal/{number}/explain");
            Assert.Equal(number, explanation.GetProperty("sequence").GetInt64());
            Assert.Equal(name == "outside" ? "route" : name, explanation.GetProperty("decidedBy").GetString());
            Assert.Equal("render", explanation.GetProperty("steps")[explanation.GetProperty("steps").GetArrayLength() - 1].GetProperty("step").GetString());
        }
        var rule = await http.AdminJsonAsync(HttpMethod.Get, $"/__admin/deeplead/journal/{numbers["rule"]}/explain");
        Assert.Equal(("outage", 0), (rule.GetProperty("rule").GetProperty("name").GetString(), rule.GetProperty("rule").GetProperty("timesLeft").GetInt32()));
        var route = await http.AdminJsonAsync(HttpMethod.Get, $"/__admin/deeplead/journal/{numbers["route"]}/explain");
        Assert.Equal("did you mean GET /api/v1/inboxes?", route.GetProperty("hint").GetString());

        var text = await admin.ExplainAsync(numbers["auth"], Ct);
        Assert.StartsWith($"#{numbers["auth"]} GET /api/v1/pools -> 401, decided by auth\n", text, StringComparison.Ordinal);
        Assert.Contains("rests on: the documentation: \"| 401 | Unauthorized - Missing or invalid API key |\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_your_api_key_here", text, StringComparison.Ordinal);

        using (var unknown = await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/journal/999999/explain"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.StartsWith("No call #999999 in the journal", StubHttp.Parse(await unknown.Content.ReadAsStringAsync(Ct)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        using (var malformed = await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/journal/abc/explain"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("sequence", StubHttp.Parse(await malformed.Content.ReadAsStringAsync(Ct)).GetProperty("details")[0].GetProperty("field").GetString());
        }
        using (var badFormat = await http.AdminAsync(HttpMethod.Get, $"/__admin/deeplead/journal/{numbers["auth"]}/explain?format=xml"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        }

        // One extra line per error answer, with decidedBy and the hint.
        await stub.WaitForLineAsync(new System.Text.RegularExpressions.Regex($"^info: #{numbers["route"]} GET /api/v1/inbox decided by route; did you mean GET /api/v1/inboxes\\?$"));
        await stub.WaitForLineAsync(new System.Text.RegularExpressions.Regex($"^info: #{numbers["auth"]} GET /api/v1/pools decided by auth$"));
        Assert.Equal(0, await stub.StopAsync());
        Assert.DoesNotContain(stub.OutputLines, l => l.Contains($"#{numbers["endpoint"]} ", StringComparison.Ordinal));
        Assert.Single(stub.OutputLines, l => l.Contains("GET /api/v2/pools -> 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_log_level_warning_an_error_answer_prints_no_decided_by_line()
    {
        await using var stub = StubProcess.Start("--port", "0", "--log-level", "warning");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());
        using (var response = await http.ApiAsync(HttpMethod.Get, "inbox"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("did you mean GET /api/v1/inboxes?", Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Hint")));
        }

        Assert.Equal(0, await stub.StopAsync());

        Assert.DoesNotContain(stub.OutputLines, l => l.Contains("decided by", StringComparison.Ordinal));
        Assert.Single(stub.OutputLines);
    }

    [Fact]
    public async Task Verify_answers_200_or_417_with_the_closest_calls_and_the_client_throws_the_same_message()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", Token);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), Token);
        using var admin = new DeepLeadStubClient(http.Root, Token);
        using (var created = await http.ApiAsync(HttpMethod.Post, "inboxes", """{"emailAddress":"kim@gmail.com","imapPassword":"pw-verify"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        using (var pools = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        }

        var ok = await http.AdminJsonAsync(HttpMethod.Post, "/__admin/deeplead/verify", """{"method":"POST","path":"/inboxes","fields":{"emailAddress":"kim@gmail.com"},"status":200,"times":1}""");
        Assert.Equal((true, 1), (ok.GetProperty("verified").GetBoolean(), ok.GetProperty("matching").GetInt32()));

        var failed = await http.AdminJsonAsync(HttpMethod.Post, "/__admin/deeplead/verify", """{"method":"POST","path":"/inboxes","fields":{"emailAddress":"kim@gmial.com"}}""", expectedStatus: 417);
        Assert.Equal(0, failed.GetProperty("matching").GetInt32());
        var closest = failed.GetProperty("closest")[0];
        Assert.Equal("/api/v1/inboxes", closest.GetProperty("path").GetString());
        Assert.Equal("emailAddress: expected \"kim@gmial.com\", was \"kim@gmail.com\"", closest.GetProperty("differences")[0].GetString());

        var thrown = await Assert.ThrowsAsync<DeepLeadStubVerificationException>(() =>
            admin.VerifyAsync(new StubCallMatch("POST", "/inboxes") { Fields = new Dictionary<string, string> { ["emailAddress"] = "kim@gmial.com" } }, cancellationToken: Ct));
        Assert.Equal(failed.GetProperty("error").GetString(), thrown.Message);
        Assert.StartsWith("Expected at least 1 call matching POST /api/v1/inboxes with emailAddress = \"kim@gmial.com\"; found 0.", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(["emailAddress: expected \"kim@gmial.com\", was \"kim@gmail.com\""], thrown.Closest[0].Differences);

        await admin.VerifyAsync(new StubCallMatch("POST", "/inboxes") { Status = 200 }, 1, Ct);
        await admin.VerifyInOrderAsync([new StubCallMatch("POST", "/inboxes"), new StubCallMatch("GET", "/pools")], Ct);
        await admin.VerifyNoOtherCallsAsync(Ct);
        var order = await Assert.ThrowsAsync<DeepLeadStubVerificationException>(() => admin.VerifyInOrderAsync([new StubCallMatch("GET", "/pools"), new StubCallMatch("POST", "/inboxes")], Ct));
        Assert.Contains("It matched earlier, out of order", order.Message, StringComparison.Ordinal);
        await admin.AddRulesAsync(DeepLeadFakeAdmin.FormatRules([FakeRule.On("GET", "/inboxes").RespondWith(500).Named("never")]), Ct);
        var unused = await Assert.ThrowsAsync<DeepLeadStubVerificationException>(() => admin.VerifyAllRulesUsedAsync(Ct));
        Assert.Contains("\"never\": GET /api/v1/inboxes -> respond 500", unused.Message, StringComparison.Ordinal);

        foreach (var (body, field) in new[]
        {
            ("""{"method":"POST"}""", "path"),
            ("""{"method":"POST","path":"/inboxes","times":-1}""", "times"),
            ("""{"method":"POST","path":"/inboxes","colour":"blue"}""", "colour"),
            ("""{"method":"POST","path":"/inboxes","fields":{"dailySendingLimit":5}}""", "fields.dailySendingLimit"),
            ("""{"method":"POST","path":"/inboxes","fields":{"imapPassword":"pw-verify"}}""", "fields"),
            ("""{"inOrder":[{"method":"GET"}]}""", "inOrder[0].path"),
            ("""{"noOtherCalls":false}""", "noOtherCalls"),
            ("""[1]""", "body"),
            ("""{not json""", "body"),
        })
        {
            using var response = await http.AdminAsync(HttpMethod.Post, "/__admin/deeplead/verify", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = StubHttp.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(field, error.GetProperty("details")[0].GetProperty("field").GetString());
            Assert.DoesNotContain("pw-verify", error.GetRawText(), StringComparison.Ordinal);
        }
    }
}
