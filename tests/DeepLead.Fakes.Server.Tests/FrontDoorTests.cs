using System.Net;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// The stub's port as a CI job meets it: the API served ahead of WireMock.Net, the documented error shape on every path
/// outside <c>/__admin</c> (never WireMock.Net's "No matching mapping found" or a stack trace), users' WireMock.Net
/// mappings still winning over the built-in API, and a bare <c>deeplead-fake</c> serving the default scenario.
/// </summary>
public sealed class FrontDoorTests
{
    private const string Key = "Bearer " + StubHttp.DefaultKey;

    private static readonly int[] NotFound = [404];
    private static readonly int[] BadRequest = [400];

    /// <summary>
    /// Requests WireMock.Net used to answer itself (its 404 body, or a 500 with its serialized exception). Where issue 14's
    /// leniency on unknown query parameters may turn a 400 into a 200, both are allowed; the shape is checked either way.
    /// </summary>
    private static readonly (string Method, string Target, int[] Allowed)[] OddRequests =
    [
        ("GET", "/api/v2/inboxes", NotFound),
        ("POST", "/api/v2/inboxes", NotFound),
        ("GET", "//api/v1/pools", NotFound),
        ("GET", "/api/v1/%2e%2e/pools", NotFound),
        ("GET", "/api/v1/%2E%2E/%2e%2e/nothing", NotFound),
        ("GET", "/api/v1/./pools/..", NotFound),
        ("GET", "/api", NotFound),
        ("GET", "/", NotFound),
        ("GET", "/favicon.ico", NotFound),
        ("GET", "/api/v1", NotFound),
        ("GET", "/api/v1/", NotFound),
        ("GET", "/api/v1/pools/", NotFound),
        ("GET", "/api/v1//pools", NotFound),
        ("GET", "/API/V1/pools", NotFound),
        ("GET", "/api/v1/Pools", NotFound),
        ("GET", "/api/v1/pools%2F", NotFound),
        ("GET", "/api/v1x/pools", NotFound),
        ("GET", "/%zz", NotFound),
        ("GET", "/api/v2?=", NotFound),
        // A wrong method on a known path: 404, as for any other route the API does not have (docs/behaviour.md).
        ("PUT", "/api/v1/pools", NotFound),
        ("DELETE", "/api/v1/inboxes", NotFound),
        ("PATCH", "/api/v1/inboxes", NotFound),
        ("POST", "/api/v1/pools", NotFound),
        // Queries WireMock.Net's parser throws on, or that are ambiguous.
        ("GET", "/api/v1/inboxes?LIMIT=%&limit=%5B%5D", BadRequest),
        ("GET", "/api/v1/inboxes?limit=1&LIMIT=2", [200, 400]),
        // A nameless parameter: rejected, or ignored and reported under the leniency settings (docs/behaviour.md).
        ("GET", "/api/v1/inboxes?=", [200, 400]),
        ("GET", "/api/v1/inboxes?=x&=y", [200, 400]),
        ("GET", "/api/v1/inboxes?limit=1&limit=2", BadRequest),
        ("GET", "/api/v1/inboxes?limit=1;limit=2", BadRequest),
        ("GET", "/api/v1/inboxes?limit=%", BadRequest),
        ("GET", "/api/v1/inboxes?limit=%E0%A4%A", BadRequest),
        ("GET", "/api/v1/inboxes?%zz=1", [200, 400]),
        ("GET", "/api/v1/pools?%=%", [200, 400]),
    ];

    /// <summary>
    /// Twice: served by our middleware alone, then with a user mapping that has no path matcher (so it could match any
    /// request, and every request goes through WireMock.Net's scan to our catch-all mappings).
    /// </summary>
    [Fact]
    public async Task Odd_paths_and_queries_answer_in_the_documented_shape_never_wiremocks()
    {
        await using var stub = StubProcess.Start("--port", "0", "--log-level", "warning");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());
        var failures = new List<string>();

        foreach (var round in new[] { "ahead of WireMock.Net", "through WireMock.Net" })
        {
            if (round == "through WireMock.Net")
            {
                const string anyPath = """
                    { "Request": { "Headers": [ { "Name": "X-Never-Sent", "Matchers": [ { "Name": "ExactMatcher", "Pattern": "1" } ] } ] },
                      "Response": { "StatusCode": 299 } }
                    """;
                using var added = await http.AdminAsync(HttpMethod.Post, "/__admin/mappings", anyPath);
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }
            foreach (var (method, target, allowed) in OddRequests)
            {
                var answer = await RawHttp.SendAsync(http.Root, method, target, Key);
                var problems = RawHttp.ShapeProblems(answer).Where(_ => answer.Status >= 400).ToList();
                if (!allowed.Contains(answer.Status))
                {
                    problems.Add($"expected {string.Join("/", allowed)}");
                }
                if (problems.Count > 0)
                {
                    failures.Add($"{round}: {method} {target}: {string.Join("; ", problems)}; got {answer}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, await stub.StopAsync());
        Assert.Equal(string.Empty, stub.Errors);
    }

    [Fact]
    public async Task A_body_kestrel_cannot_read_gets_a_documented_400_not_an_exception()
    {
        await using var stub = StubProcess.Start("--port", "0", "--log-level", "warning");
        var root = new Uri(await stub.WaitUntilReadyAsync(), "/");

        var badChunk = await RawHttp.SendRawAsync(root,
            "POST /api/v1/inboxes HTTP/1.1\r\nHost: {host}\r\nAuthorization: " + Key + "\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        Assert.Equal(400, badChunk.Status);
        Assert.Empty(RawHttp.ShapeProblems(badChunk));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_bare_stub_serves_the_default_scenario_so_the_documented_key_and_curl_example_work()
    {
        await using var stub = StubProcess.Start("--port", "0");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());

        using var pools = await http.ApiAsync(HttpMethod.Get, "pools");
        var body = await StubHttp.ReadJsonAsync(pools);
        var scenarios = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/scenarios");

        Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        Assert.Equal("Main Pool", body.GetProperty("pools")[0].GetProperty("name").GetString());
        Assert.Equal(["shipped:default"], scenarios.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_user_mapping_on_the_api_wins_over_the_fake_until_it_is_removed()
    {
        await using var stub = StubProcess.Start("--port", "0");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());
        const string guid = "7d6ca0b2-4c5e-4a49-9a1e-3a0e5f0c0001";
        var mapping = $$"""
            { "Guid": "{{guid}}",
              "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/api/v1/pools" } ] }, "Methods": [ "GET" ] },
              "Response": { "StatusCode": 503, "Headers": { "Content-Type": "application/json" }, "Body": "{\"error\":\"pools are down (user mapping)\"}" } }
            """;
        using (var added = await http.AdminAsync(HttpMethod.Post, "/__admin/mappings", mapping))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using var mapped = await http.ApiAsync(HttpMethod.Get, "pools");
        var mappedBody = await mapped.Content.ReadAsStringAsync(StubHttp.Ct);
        // The mapping's path, another method: WireMock.Net falls through to the fake.
        var otherMethod = await RawHttp.SendAsync(http.Root, "POST", "/api/v1/pools", Key);
        using var otherPath = await http.ApiAsync(HttpMethod.Get, "inboxes?limit=1");
        // A query WireMock.Net cannot parse: no mapping can match it, so the fake answers (its 400, or its page with
        // the unknown LIMIT ignored), never the mapping nor WireMock.Net's exception.
        var unparseable = await RawHttp.SendAsync(http.Root, "GET", "/api/v1/pools?LIMIT=%&limit=%5B%5D", Key);
        var removed = await http.AdminAsync(HttpMethod.Delete, $"/__admin/mappings/{guid}");
        using var afterwards = await http.ApiAsync(HttpMethod.Get, "pools");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, mapped.StatusCode);
        Assert.Equal("{\"error\":\"pools are down (user mapping)\"}", mappedBody);
        Assert.Equal(404, otherMethod.Status);
        Assert.Empty(RawHttp.ShapeProblems(otherMethod));
        Assert.Equal(HttpStatusCode.OK, otherPath.StatusCode);
        Assert.Equal(1, (await StubHttp.ReadJsonAsync(otherPath)).GetProperty("inboxes").GetArrayLength());
        Assert.Contains(unparseable.Status, new[] { 200, 400 });
        Assert.DoesNotContain("user mapping", unparseable.Body, StringComparison.Ordinal);
        Assert.True(unparseable.Status == 200 || !RawHttp.ShapeProblems(unparseable).Any(), unparseable.ToString());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal("Main Pool", (await StubHttp.ReadJsonAsync(afterwards)).GetProperty("pools")[0].GetProperty("name").GetString());
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_scenarios_wiremock_section_answers_on_and_off_the_api_and_everything_else_keeps_the_documented_shape()
    {
        using var scenario = new TempFile("""
            {
              "wiremock": [
                { "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/api/v1/pools" } ] }, "Methods": [ "GET" ] },
                  "Response": { "StatusCode": 207, "Body": "{\"custom\":true}" } },
                { "Request": { "Path": "/status", "Methods": [ "GET" ] },
                  "Response": { "StatusCode": 200, "Body": "up" } }
              ]
            }
            """);
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--scenario", scenario.Path);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());

        using var pools = await http.ApiAsync(HttpMethod.Get, "pools");
        using var inboxes = await http.ApiAsync(HttpMethod.Get, "inboxes?limit=2");
        var status = await RawHttp.SendAsync(http.Root, "GET", "/status");
        var statusWrongMethod = await RawHttp.SendAsync(http.Root, "DELETE", "/status");
        var elsewhere = await RawHttp.SendAsync(http.Root, "GET", "/status/deeper");

        Assert.Equal((HttpStatusCode)207, pools.StatusCode);
        Assert.Equal("{\"custom\":true}", await pools.Content.ReadAsStringAsync(StubHttp.Ct));
        Assert.Equal(HttpStatusCode.OK, inboxes.StatusCode);
        Assert.Equal((200, "up"), (status.Status, status.Body));
        Assert.Equal(404, statusWrongMethod.Status);
        Assert.Empty(RawHttp.ShapeProblems(statusWrongMethod));
        Assert.Equal(404, elsewhere.Status);
        Assert.Empty(RawHttp.ShapeProblems(elsewhere));
        Assert.Equal(0, await stub.StopAsync());
    }
}
