using System.Net;
using System.Text.Json;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>The stub's admin API under /__admin/deeplead, driven over HTTP against the real process.</summary>
public sealed class AdminApiTests
{
    private static CancellationToken Ct => StubProcess.Ct;

    private const string State = "/__admin/deeplead/state";
    private const string Reset = "/__admin/deeplead/reset";
    private const string Scenarios = "/__admin/deeplead/scenarios";
    private const string Journal = "/__admin/deeplead/journal";
    private const string Rules = "/__admin/deeplead/rules";

    private static async Task<(StubProcess Stub, StubHttp Http)> StartAsync(params string[] args)
    {
        var stub = StubProcess.Start(["--port", "0", "--scenario", StubProcess.ScenarioPath("default"), .. args]);
        return (stub, new StubHttp(await stub.WaitUntilReadyAsync()));
    }

    private static async Task<JsonElement> CreateAsync(StubHttp http, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.ApiAsync(HttpMethod.Post, "inboxes", json);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        return StubHttp.Parse(body);
    }

    private static async Task<int> InboxTotalAsync(StubHttp http)
    {
        using var response = await http.ApiAsync(HttpMethod.Get, "inboxes?limit=1");
        return (await StubHttp.ReadJsonAsync(response)).GetProperty("pagination").GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task State_shows_pools_and_inboxes_with_their_stored_only_settings_and_never_a_password()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;
        var response = await CreateAsync(http, """{ "emailAddress": "ops@acme-mail.example", "imapPassword": "pw-1", "imapHost": "imap.acme.example", "imapPort": 1993, "smtpHost": "smtp.acme.example", "smtpPort": 2465, "imapUsername": "ops-login", "skipConnectionTest": true }""");

        var state = await http.AdminJsonAsync(HttpMethod.Get, State);

        Assert.Equal(
            [("507f1f77bcf86cd799439011", "Main Pool", 10), (response.GetProperty("autoCreatedPool").GetProperty("id").GetString(), "API Pool - 2024-01-15", 1)],
            state.GetProperty("pools").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("name").GetString(), p.GetProperty("inboxCount").GetInt32())));
        var inboxes = state.GetProperty("inboxes").EnumerateArray().ToList();
        Assert.Equal(11, inboxes.Count);
        var inbox = inboxes.Single(i => i.GetProperty("emailAddress").GetString() == "ops@acme-mail.example");
        Assert.Equal(response.GetProperty("results")[0].GetProperty("inboxId").GetString(), inbox.GetProperty("id").GetString());
        Assert.Equal("imap.acme.example", inbox.GetProperty("imapHost").GetString());
        Assert.Equal(1993, inbox.GetProperty("imapPort").GetInt32());
        Assert.Equal("smtp.acme.example", inbox.GetProperty("smtpHost").GetString());
        Assert.Equal(2465, inbox.GetProperty("smtpPort").GetInt32());
        Assert.Equal("ops-login", inbox.GetProperty("imapUsername").GetString());
        Assert.Equal("ops@acme-mail.example", inbox.GetProperty("smtpUsername").GetString());
        Assert.True(inbox.GetProperty("hasImapPassword").GetBoolean());
        Assert.True(inbox.GetProperty("hasSmtpPassword").GetBoolean());
        Assert.True(inbox.GetProperty("skipConnectionTest").GetBoolean());
        Assert.False(inbox.TryGetProperty("imapPassword", out var _1));
        Assert.False(inbox.TryGetProperty("provider", out var _2));
        var seeded = inboxes.Single(i => i.GetProperty("emailAddress").GetString() == "anna.berg@gmail.com");
        Assert.Equal("google", seeded.GetProperty("provider").GetString());
        Assert.Equal("imap.gmail.com", seeded.GetProperty("imapHost").GetString());
        Assert.False(seeded.GetProperty("hasImapPassword").GetBoolean());
        Assert.Equal(["dl_r…(16)", "dl_y…(20)"], state.GetProperty("apiKeys").EnumerateArray().Select(k => k.GetProperty("key").GetString()));
        Assert.DoesNotContain("pw-1", state.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("dl_your_api_key_here", state.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task Reset_goes_back_to_the_scenarios_state_and_id_sequence_drops_runtime_rules_and_keeps_the_journal()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;
        var first = await CreateAsync(http, """{ "emailAddress": "first@gmail.com", "imapPassword": "pw" }""");
        await http.AdminJsonAsync(HttpMethod.Post, Rules, """{ "match": { "method": "GET", "path": "/pools" }, "respond": { "status": 503 } }""", expectedStatus: 201);

        using (var reset = await http.AdminAsync(HttpMethod.Post, Reset))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Equal(10, await InboxTotalAsync(http));
        var again = await CreateAsync(http, """{ "emailAddress": "first@gmail.com", "imapPassword": "pw" }""");
        Assert.Equal(first.GetRawText(), again.GetRawText());
        using (var pools = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        }
        Assert.Empty((await http.AdminJsonAsync(HttpMethod.Get, Rules)).GetProperty("rules").EnumerateArray());
        var calls = (await http.AdminJsonAsync(HttpMethod.Get, Journal)).GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(2, calls.Count(c => c.GetProperty("path").GetString() == "/api/v1/inboxes" && c.GetProperty("method").GetString() == "POST"));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_scenario_can_replace_the_loaded_ones_be_layered_on_top_and_the_start_scenarios_come_back()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;
        const string replacement = """{ "apiKeys": [ { "key": "dl_replaced_key" } ], "pools": [ { "id": "bbbbbbbbbbbbbbbbbbbbbbbb", "name": "Replaced" } ] }""";
        const string layer = """{ "pools": [ { "id": "cccccccccccccccccccccccc", "name": "Layered" } ] }""";

        var replaced = await http.AdminJsonAsync(HttpMethod.Put, Scenarios + "?name=replacement", replacement);
        Assert.Equal(["replacement"], replaced.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        using (var oldKey = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        }
        using (var newKey = await http.ApiAsync(HttpMethod.Get, "pools", key: "dl_replaced_key"))
        {
            Assert.Equal(["Replaced"], (await StubHttp.ReadJsonAsync(newKey)).GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        }

        await http.AdminJsonAsync(HttpMethod.Delete, Scenarios);
        var layered = await http.AdminJsonAsync(HttpMethod.Post, Scenarios, layer);
        Assert.Equal(
            [(StubProcess.ScenarioPath("default"), "start"), ("uploaded scenario 1", "admin")],
            layered.GetProperty("scenarios").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("loaded").GetString())));
        using (var pools = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(["Layered", "Main Pool"], (await StubHttp.ReadJsonAsync(pools)).GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        }
        Assert.Equal(10, await InboxTotalAsync(http));

        var back = await http.AdminJsonAsync(HttpMethod.Delete, Scenarios);
        Assert.Equal([StubProcess.ScenarioPath("default")], back.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        using (var pools = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(["Main Pool"], (await StubHttp.ReadJsonAsync(pools)).GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        }
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task An_invalid_scenario_upload_is_a_located_400_and_leaves_the_state_as_it_was()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;
        await CreateAsync(http, """{ "emailAddress": "kept@gmail.com", "imapPassword": "pw" }""");

        var typo = await http.AdminJsonAsync(HttpMethod.Post, Scenarios + "?name=typo", "{\n  \"pools\": [],\n  \"inboxs\": []\n}", expectedStatus: 400);
        var badReference = await http.AdminJsonAsync(HttpMethod.Put, Scenarios, "{\n  \"inboxes\": [\n    { \"emailAddress\": \"a@gmail.com\", \"poolId\": \"dddddddddddddddddddddddd\" }\n  ]\n}", expectedStatus: 400);
        var clash = await http.AdminJsonAsync(HttpMethod.Post, Scenarios, """{ "inboxes": [ { "emailAddress": "ANNA.BERG@gmail.com", "poolId": "507f1f77bcf86cd799439011" } ] }""", expectedStatus: 400);
        var notJson = await http.AdminJsonAsync(HttpMethod.Put, Scenarios, "{ \"pools\": [ ", expectedStatus: 400);

        Assert.Equal("Invalid scenario", typo.GetProperty("error").GetString());
        var typoDetail = Assert.Single(typo.GetProperty("details").EnumerateArray());
        Assert.StartsWith("typo(3,", typoDetail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("inboxs", typoDetail.GetProperty("message").GetString(), StringComparison.Ordinal);
        var referenceDetail = Assert.Single(badReference.GetProperty("details").EnumerateArray());
        Assert.Equal("$.inboxes[0].poolId", referenceDetail.GetProperty("field").GetString());
        Assert.Contains("(3,", referenceDetail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("dddddddddddddddddddddddd", referenceDetail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("defined twice", clash.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Invalid scenario", notJson.GetProperty("error").GetString());
        Assert.Equal(11, await InboxTotalAsync(http));
        Assert.Single((await http.AdminJsonAsync(HttpMethod.Get, Scenarios)).GetProperty("scenarios").EnumerateArray());
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task An_upload_past_max_inboxes_is_a_located_400_in_the_documented_shape()
    {
        var (stub, http) = await StartAsync("--max-inboxes", "12");
        await using var _ = stub;
        using var __ = http;
        var items = string.Join(",\n", Enumerable.Range(0, 3).Select(i => $$"""    { "emailAddress": "more{{i}}@gmail.com", "poolId": "507f1f77bcf86cd799439011" }"""));

        // 10 inboxes in the default scenario and 3 more: the third is past the limit.
        var refused = await http.AdminJsonAsync(HttpMethod.Post, Scenarios + "?name=more", "{\n  \"inboxes\": [\n" + items + "\n  ]\n}", expectedStatus: 400);

        Assert.Equal("Invalid scenario", refused.GetProperty("error").GetString());
        var detail = Assert.Single(refused.GetProperty("details").EnumerateArray());
        Assert.Equal("$.inboxes[2]", detail.GetProperty("field").GetString());
        Assert.StartsWith("more(5,", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("more than 12 inboxes, the limit", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, await InboxTotalAsync(http));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_runtime_scenario_with_wiremock_mappings_is_refused_rather_than_half_applied()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        var refused = await http.AdminJsonAsync(HttpMethod.Post, Scenarios, """{ "wiremock": { "request": { "path": "/x" }, "response": { "status": 200 } } }""", expectedStatus: 400);

        Assert.Equal("$.wiremock", refused.GetProperty("details")[0].GetProperty("field").GetString());
        Assert.Contains("/__admin/mappings", refused.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task A_forced_failure_rule_added_at_runtime_applies_is_listed_and_can_be_cleared()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        var added = await http.AdminJsonAsync(HttpMethod.Post, Rules,
            """{ "name": "pools down", "match": { "method": "GET", "path": "/pools" }, "respond": { "status": 503, "error": "Maintenance", "headers": { "Retry-After": "7" } }, "times": 1 }""",
            expectedStatus: 201);
        var listed = Assert.Single(added.GetProperty("rules").EnumerateArray());
        Assert.Equal("pools down", listed.GetProperty("name").GetString());
        Assert.Equal(503, listed.GetProperty("respond").GetProperty("status").GetInt32());

        using (var forced = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, forced.StatusCode);
            Assert.Equal("7", Assert.Single(forced.Headers.GetValues("Retry-After")));
            Assert.Equal("Maintenance", (await StubHttp.ReadJsonAsync(forced)).GetProperty("error").GetString());
        }
        using (var spent = await http.ApiAsync(HttpMethod.Get, "pools"))
        {
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }
        var calls = (await http.AdminJsonAsync(HttpMethod.Get, Journal)).GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal("pools down", calls[0].GetProperty("forcedBy").GetString());
        Assert.False(calls[1].TryGetProperty("forcedBy", out var _1));

        var batch = await http.AdminJsonAsync(HttpMethod.Post, Rules,
            """[ { "match": { "path": "/inboxes", "method": "POST", "body": { "emailAddress": "*@broken.example" } }, "failItem": { "status": 422, "error": "Mailbox unreachable" } }, { "match": { "path": "/inboxes" }, "fault": "emptyResponse", "probability": 0.5 } ]""",
            expectedStatus: 201);
        Assert.Equal(3, batch.GetProperty("rules").GetArrayLength());
        Assert.Equal("emptyResponse", batch.GetProperty("rules")[2].GetProperty("fault").GetString());

        using (var cleared = await http.AdminAsync(HttpMethod.Delete, Rules))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
        Assert.Empty((await http.AdminJsonAsync(HttpMethod.Get, Rules)).GetProperty("rules").EnumerateArray());
        Assert.Equal(0, await stub.StopAsync());
    }

    public static TheoryData<string, string, string> BadRules => new()
    {
        { """{ "match": { "path": "/pools" }, "respond": { "status": 700 } }""", "$.respond.status", "from 100 to 599" },
        { """{ "match": { "path": "/pools" } }""", "$", "has no action" },
        { """{ "match": { "path": "/pools" }, "respnd": { "status": 500 } }""", "$.respnd", "respnd" },
        { """{ "match": { "method": "GET", "path": "/pools", "body": { "emailAddress": "*" } }, "respond": { "status": 500 } }""", "$.match.body", "can never match" },
        { "{\n  \"respond\": { \"status\": 500 },\n  \"times\": 0\n}", "$.times", "rule(3," },
        { """[ { "respond": { "status": 500 } }, { "delay": { "ms": 10, "minMs": 5 } } ]""", "$[1].delay", "either ms or minMs and maxMs" },
        { """[ null ]""", "$[0]", "expected a rule object" },
        { """[]""", "$", "at least one rule" },
        { "\"respond\"", "$", "expected a rule object" },
        { "{ \"respond\": { \"status\": 500 }", "$", "rule(1," },
        // Wrong types are explained from the rule's own metadata, whether one rule or an array of them was sent.
        { """{ "match": { "path": "/pools" }, "fault": "boom" }""", "$.fault", "expected emptyResponse or malformedChunk" },
        { """[ { "respond": { "status": "500" } } ]""", "$[0].respond.status", "expected an integer" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task A_bad_rule_is_a_400_in_the_error_shape_naming_the_problem_and_nothing_is_added(string rule, string field, string expected)
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        var refused = await http.AdminJsonAsync(HttpMethod.Post, Rules, rule, expectedStatus: 400);

        Assert.Equal("Invalid rule", refused.GetProperty("error").GetString());
        var detail = Assert.Single(refused.GetProperty("details").EnumerateArray());
        Assert.Equal(field, detail.GetProperty("field").GetString());
        Assert.Contains(expected, detail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await http.AdminJsonAsync(HttpMethod.Get, Rules)).GetProperty("rules").EnumerateArray());
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task The_journal_reads_redacted_as_recorded_from_a_sequence_number_and_clears()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;
        await CreateAsync(http, """{ "emailAddress": "journal@gmail.com", "imapPassword": "pw-journal-1" }""");
        using (await http.ApiAsync(HttpMethod.Get, "inboxes?status=paused"))
        {
        }

        var journal = await http.AdminJsonAsync(HttpMethod.Get, Journal);
        var calls = journal.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(10_000, journal.GetProperty("capacity").GetInt32());
        Assert.Equal(2, calls.Count);
        Assert.Equal("POST", calls[0].GetProperty("method").GetString());
        Assert.Equal("dl_y…(20)", calls[0].GetProperty("apiKey").GetString());
        Assert.Contains("\"imapPassword\":\"***\"", calls[0].GetProperty("requestBody").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, calls[0].GetProperty("status").GetInt32());
        Assert.Contains("journal@gmail.com", calls[0].GetProperty("responseBody").GetString(), StringComparison.Ordinal);
        Assert.Equal("status=paused", calls[1].GetProperty("query").GetString());
        Assert.True(calls[1].GetProperty("durationMs").GetDouble() >= 0);
        Assert.DoesNotContain("pw-journal-1", journal.GetRawText(), StringComparison.Ordinal);

        var since = await http.AdminJsonAsync(HttpMethod.Get, Journal + "?since=" + calls[0].GetProperty("sequence").GetInt64());
        Assert.Equal([calls[1].GetProperty("sequence").GetInt64()], since.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()));

        using (var cleared = await http.AdminAsync(HttpMethod.Delete, Journal))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
        Assert.Empty((await http.AdminJsonAsync(HttpMethod.Get, Journal)).GetProperty("calls").EnumerateArray());
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task Openapi_json_is_the_contract_with_servers_pointing_at_this_stub()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        using var response = await http.AdminAsync(HttpMethod.Get, "/openapi.json");
        var served = await StubHttp.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(http.Api.AbsoluteUri.TrimEnd('/'), Assert.Single(served.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        var contract = StubHttp.Parse(DeepLeadOpenApi.Json);
        Assert.Equal(contract.GetProperty("openapi").GetString(), served.GetProperty("openapi").GetString());
        Assert.Equal(contract.GetProperty("paths").GetRawText(), served.GetProperty("paths").GetRawText(), JsonTextComparer.Instance);
        Assert.Equal(
            contract.EnumerateObject().Select(p => p.Name),
            served.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task Admin_routes_answer_404_405_and_400_in_the_error_shape_and_never_under_api_v1()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        var unknown = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/nope", expectedStatus: 404);
        using var wrongMethod = await http.AdminAsync(HttpMethod.Put, State);
        var badQuery = await http.AdminJsonAsync(HttpMethod.Get, State + "?verbose=1", expectedStatus: 400);
        var badSince = await http.AdminJsonAsync(HttpMethod.Get, Journal + "?since=-1", expectedStatus: 400);
        using var underApi = await http.ApiAsync(HttpMethod.Get, "__admin/deeplead/state");
        using var openApiUnderApi = await http.ApiAsync(HttpMethod.Get, "openapi.json");
        using var tooLarge = await http.AdminAsync(HttpMethod.Post, Rules, "[" + new string(' ', 1024 * 1024) + "]");
        var empty = await http.AdminJsonAsync(HttpMethod.Post, Rules, "", expectedStatus: 400);

        Assert.Contains("/__admin/deeplead/nope", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(["GET"], wrongMethod.Content.Headers.Allow);
        Assert.Equal("verbose", badQuery.GetProperty("details")[0].GetProperty("field").GetString());
        Assert.Equal("since", badSince.GetProperty("details")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, underApi.StatusCode);
        Assert.StartsWith("Not found: GET /api/v1/", (await StubHttp.ReadJsonAsync(underApi)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, openApiUnderApi.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("empty", empty.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task WireMocks_own_admin_endpoints_work_and_its_bulk_deletes_that_would_drop_the_api_are_refused()
    {
        var (stub, http) = await StartAsync();
        await using var _ = stub;
        using var __ = http;

        using var health = await http.AdminAsync(HttpMethod.Get, "/__admin/health");
        using var requests = await http.AdminAsync(HttpMethod.Get, "/__admin/requests");
        using var settings = await http.AdminAsync(HttpMethod.Get, "/__admin/settings");
        var deleteAll = await http.AdminJsonAsync(HttpMethod.Delete, "/__admin/mappings", expectedStatus: 409);
        var resetAll = await http.AdminJsonAsync(HttpMethod.Post, "/__admin/mappings/reset", expectedStatus: 409);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("/__admin/deeplead/reset", deleteAll.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("/__admin/deeplead/reset", resetAll.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var pools = await http.ApiAsync(HttpMethod.Get, "pools");
        Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        Assert.Equal(0, await stub.StopAsync());
    }
}

/// <summary>Compares two JSON texts by content, ignoring whitespace.</summary>
internal sealed class JsonTextComparer : IEqualityComparer<string>
{
    public static readonly JsonTextComparer Instance = new();

    public bool Equals(string? x, string? y) =>
        x is not null && y is not null && JsonSerializer.Serialize(StubHttp.Parse(x)) == JsonSerializer.Serialize(StubHttp.Parse(y));

    public int GetHashCode(string obj) => 0;
}
