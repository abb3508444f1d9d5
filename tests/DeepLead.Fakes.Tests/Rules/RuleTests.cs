using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Rules;

public abstract class RuleTests : BehaviourTests
{
    [Fact]
    public async Task Respond_with_only_a_status_uses_the_documented_error_shape()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").RespondWith(503)));
        using var client = Validated(fake);

        using var response = await client.GetAsync("pools", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Service unavailable", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Respond_with_a_body_and_headers_sends_them_as_given()
    {
        var rule = FakeRule.On("GET", "/inboxes").RespondWithJson(429, """{"error": "Slow down", "details": [{"field": "rate", "message": "too fast"}]}""");
        rule = rule with { Response = rule.Response! with { Headers = rule.Response.Headers.Add("Retry-After", "7") } };
        await using var fake = await StartAsync(o => o.Rules.Add(rule));
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Slow down", error.GetProperty("error").GetString());
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Times_limits_a_rule_to_the_first_matches_and_reset_restores_it()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        fake.AddRule(FakeRule.On("POST", "/inboxes").Times(2).RespondWith(500));

        var first = await StatusesAsync(client, 3, i => client.PostJsonAsync("inboxes", Single($"u{i}@gmail.com")));
        fake.Reset();
        var afterReset = await StatusesAsync(client, 1, i => client.PostJsonAsync("inboxes", Single($"v{i}@gmail.com")));

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], first);
        // Rules added at runtime belong to the run, not to the initial state: reset drops them.
        Assert.Equal([HttpStatusCode.OK], afterReset);
    }

    [Fact]
    public async Task The_first_matching_rule_wins_in_order()
    {
        await using var fake = await StartAsync(o =>
        {
            o.Rules.Add(FakeRule.On("GET", "/pools").RespondWith(418, "first"));
            o.Rules.Add(FakeRule.On("GET", "*").RespondWith(500, "second"));
        });
        using var client = Validated(fake);

        var pools = await (await client.GetAsync("pools", Ct)).JsonAsync();
        var inboxes = await (await client.GetAsync("inboxes", Ct)).JsonAsync();

        Assert.Equal("first", pools.GetProperty("error").GetString());
        Assert.Equal("second", inboxes.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Query_api_key_and_body_matchers_narrow_a_rule()
    {
        await using var fake = await StartAsync(o =>
        {
            o.ApiKeys.Add(new FakeApiKey("dl_main"));
            o.ApiKeys.Add(new FakeApiKey("dl_other"));
            o.Rules.Add(FakeRule.On("GET", "/inboxes").WhereQuery("status", "paus*").RespondWith(500, "query"));
            o.Rules.Add(FakeRule.On("GET", "/pools").WithApiKey("dl_oth*").RespondWith(500, "key"));
            o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("dailySendingLimit", "99").RespondWith(500, "body"));
        });
        using var main = Validated(fake, "dl_main");
        using var other = Validated(fake, "dl_other");

        Assert.Equal(HttpStatusCode.InternalServerError, (await main.GetAsync("inboxes?status=paused", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("inboxes?status=active", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await other.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await main.PostJsonAsync("inboxes", Single("a@gmail.com", "\"dailySendingLimit\": 99"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.PostJsonAsync("inboxes", Single("a@gmail.com", "\"dailySendingLimit\": 98"))).StatusCode);
    }

    [Fact]
    public async Task A_body_matcher_on_a_batch_matches_when_any_item_matches()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@down.example").RespondWith(502)));
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com", "imapPassword": "p"}, {"emailAddress": "b@down.example", "imapPassword": "p"}]""");

        await response.AssertErrorAsync(HttpStatusCode.BadGateway);
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task Probability_is_reproducible_for_a_seed()
    {
        async Task<string> RunAsync(int seed)
        {
            await using var fake = await StartAsync(o =>
            {
                o.Seed = seed;
                o.Rules.Add(FakeRule.On("GET", "/pools").WithProbability(0.5).RespondWith(500));
            });
            using var client = Validated(fake);
            var pattern = new System.Text.StringBuilder();
            for (var i = 0; i < 40; i++)
            {
                using var response = await client.GetAsync("pools", Ct);
                pattern.Append(response.StatusCode == HttpStatusCode.OK ? '.' : 'x');
            }
            return pattern.ToString();
        }

        var first = await RunAsync(3);
        var again = await RunAsync(3);
        var other = await RunAsync(4);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task Fail_item_fails_only_matching_items_and_a_single_object_gets_its_status()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "x*@gmail.com").FailItem(503, "Provider unavailable")));
        using var client = Validated(fake);

        var batch = await (await client.PostJsonAsync("inboxes", """[{"emailAddress": "x1@gmail.com", "imapPassword": "p"}, {"emailAddress": "y1@gmail.com", "imapPassword": "p"}]""")).JsonAsync();
        using var single = await client.PostJsonAsync("inboxes", Single("x2@gmail.com"));

        Assert.Equal([false, true], batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("success").GetBoolean()));
        Assert.Equal("Provider unavailable", batch.GetProperty("results")[0].GetProperty("error").GetString());
        var error = await single.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Provider unavailable", error.GetProperty("error").GetString());
        Assert.Equal(["y1@gmail.com"], fake.Inboxes.Select(i => i.EmailAddress));
        Assert.Equal(2, fake.Journal.FailedItems.Count);
    }

    [Fact]
    public async Task A_connection_test_failure_applies_only_when_the_test_is_not_skipped()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        fake.AddRule(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "x@y.com").FailConnectionTest("SMTP timeout"));

        using var failed = await client.PostJsonAsync("inboxes", Single("x@y.com", "\"provider\": \"google\""));
        using var skippedFalse = await client.PostJsonAsync("inboxes", Single("x@y.com", "\"provider\": \"google\", \"skipConnectionTest\": false"));
        using var skipped = await client.PostJsonAsync("inboxes", Single("x@y.com", "\"provider\": \"google\", \"skipConnectionTest\": true"));

        Assert.Equal("Connection test failed: SMTP timeout", (await failed.AssertErrorAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        await skippedFalse.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Single(fake.Inboxes);
    }

    [Fact]
    public async Task An_empty_response_fault_breaks_the_connection_and_is_journaled()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").Times(1).BreakConnection()));
        using var client = Validated(fake);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("pools", Ct));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(FakeFault.EmptyResponse, fake.Journal.Calls[0].Fault);
    }

    [Fact]
    public async Task A_malformed_chunk_fault_never_yields_a_complete_json_body()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").BreakConnection(FakeFault.MalformedChunk)));
        using var client = Validated(fake);

        var outcome = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync("pools", Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            using var _ = JsonDocument.Parse(text);
        });

        Assert.NotNull(outcome);
        Assert.True(outcome is HttpRequestException or IOException or JsonException, outcome.GetType().Name);
    }

    [Fact]
    public async Task A_delay_rule_then_answers_normally()
    {
        await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").DelayBy(TimeSpan.FromMilliseconds(150)).Named("wait")));
        using var client = Validated(fake);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(145), $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("wait", fake.Journal.Calls.Single().ForcedBy);
    }

    [Fact]
    public async Task Tenant_rules_and_state_stay_inside_the_tenant()
    {
        await using var fake = await StartAsync();
        using var tenantA = fake.CreateTenant();
        using var tenantB = fake.CreateTenant();
        tenantA.AddRule(FakeRule.On("GET", "/pools").RespondWith(500));
        using var a = Validated(tenantA);
        using var b = Validated(tenantB);
        using var main = Validated(fake);

        Assert.Equal(HttpStatusCode.InternalServerError, (await a.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.PostJsonAsync("inboxes", Single("b@gmail.com"))).StatusCode);

        Assert.Equal(["b@gmail.com"], tenantB.Inboxes.Select(i => i.EmailAddress));
        Assert.Empty(tenantA.Inboxes);
        Assert.Empty(fake.Inboxes);
        Assert.Equal(2, tenantB.Journal.Calls.Count);
        Assert.All(tenantB.Journal.Calls, c => Assert.Equal(tenantB.Label, c.Tenant));
        Assert.NotEqual(tenantA.Label, tenantB.Label);
        Assert.Single(tenantA.Journal.Calls);
        Assert.NotEqual(tenantA.ApiKey, tenantB.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("pools", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disposed_tenants_key_is_refused()
    {
        await using var fake = await StartAsync();
        var tenant = fake.CreateTenant();
        using var client = Validated(tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);

        tenant.Dispose();

        await (await client.GetAsync("pools", Ct)).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tenant_starts_from_the_scenarios_state_with_read_only_permissions_when_asked()
    {
        await using var fake = await StartAsync(o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "seeded@gmail.com", PoolId = PoolId }));
        using var tenant = fake.CreateTenant(Permissions.ReadOnly);
        using var client = Validated(tenant);

        Assert.Equal(["seeded@gmail.com"], tenant.Inboxes.Select(i => i.EmailAddress));
        Assert.Equal(fake.Inboxes.Single().Id, tenant.Inboxes.Single().Id);
        await (await client.PostJsonAsync("inboxes", Single("n@gmail.com"))).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, int count, Func<int, Task<HttpResponseMessage>> call)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await call(i);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}

public sealed class RuleTestsOverWireMock : RuleTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class RuleTestsInMemory : RuleTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}

/// <summary>Rules that contradict themselves or can never match are refused, in code and in files.</summary>
public sealed class RuleValidationTests
{
    [Theory]
    [MemberData(nameof(InvalidRules))]
    public async Task Invalid_rules_are_refused_with_the_reason(FakeRule rule, string reason)
    {
        var options = new DeepLeadFakeOptions();
        options.Rules.Add(rule);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<FakeRule, string> InvalidRules() => new()
    {
        { FakeRule.On("GET", "/pools"), "no action" },
        { FakeRule.On("GET", "/inboxes").WhereBody("emailAddress", "*").RespondWith(500), "can never match" },
        { FakeRule.On("POST", "/inboxes").WhereBody("emailAdress", "*").RespondWith(500), "emailAdress" },
        { FakeRule.On("GET", "/pools").FailItem(500), "item action" },
        { FakeRule.On("POST", "/inboxes").RespondWith(500).BreakConnection(), "cannot be combined" },
        { FakeRule.On("FETCH", "/pools").RespondWith(500), "not an HTTP method" },
        { FakeRule.On("GET", "/pools").RespondWith(700), "100 to 599" },
        { FakeRule.On("GET", "/pools").RespondWithJson(500, "{not json"), "valid JSON" },
        { FakeRule.On("GET", "/pools").Times(0).RespondWith(500), "at least 1" },
        { FakeRule.On("GET", "/pools").WithProbability(1.5).RespondWith(500), "at most 1" },
        { FakeRule.On("POST", "/inboxes").FailItem(200), "400 to 599" },
        // Headers set without WithHeader meet the same checks, so no transport is handed a header it cannot send.
        { WithHeaders("Bad Name", "x"), "respond.headers.Bad Name is not an HTTP header name" },
        { WithHeaders("X-Note", "a\r\nInjected: yes"), "respond.headers.X-Note must be visible ASCII" },
        { WithHeaders("X-Note", "café"), "respond.headers.X-Note must be visible ASCII" },
    };

    private static FakeRule WithHeaders(string name, string value) =>
        FakeRule.On("GET", "/pools") with { Response = new FakeResponse(503) { Headers = ImmutableDictionary<string, string>.Empty.Add(name, value) } };

    [Theory]
    [InlineData("Bad Name", "x", "name")]
    [InlineData("", "x", "name")]
    [InlineData("X-Note", "a\r\nInjected: yes", "value")]
    [InlineData("X-Note", "café", "value")]
    [InlineData("Content-Type", "text/plain", "name")]
    [InlineData("content-length", "5", "name")]
    public void WithHeader_refuses_what_no_transport_should_send(string name, string value, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => FakeRule.On("GET", "/pools").RespondWith(503).WithHeader(name, value));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void WithHeader_takes_visible_ascii_spaces_and_tabs_and_replaces_a_name_given_again_in_any_case()
    {
        var rule = FakeRule.On("GET", "/pools").RespondWith(503).WithHeader("Retry-After", "1").WithHeader("retry-after", "2\t, ~!");

        Assert.Equal("2\t, ~!", Assert.Single(rule.Response!.Headers).Value);
        Assert.Throws<InvalidOperationException>(() => FakeRule.On("GET", "/pools").WithHeader("Retry-After", "2"));
    }

    [Theory]
    [InlineData("Bad Name", "x", "is not an HTTP header name")]
    [InlineData("X-Note", "a\r\nInjected: yes", "must be visible ASCII")]
    [InlineData("X-Note", "café", "must be visible ASCII")]
    public async Task A_header_no_transport_can_send_is_refused_in_a_file_where_it_is(string name, string value, string reason)
    {
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Json(
            "{\n  \"rules\": [\n    { \"match\": { \"path\": \"/pools\" },\n      \"respond\": { \"status\": 503, \"headers\": { "
            + JsonSerializer.Serialize(name) + ": " + JsonSerializer.Serialize(value) + " } } }\n  ]\n}",
            "headers.json"));

        var error = await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Equal($"$.rules[0].respond.headers.{name}", error.JsonPath);
        Assert.Equal(4, error.Line);
        Assert.Contains(reason, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_can_never_match_in_a_file_is_located()
    {
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Json("""
            {
              "rules": [
                { "match": { "method": "GET", "path": "/pools" }, "respond": { "status": 500 } },
                { "match": { "method": "GET", "path": "/pools" }, "failConnectionTest": "x" }
              ]
            }
            """, "rules.json"));

        var error = await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Equal("rules.json", error.Origin);
        Assert.Equal("$.rules[1].match", error.JsonPath);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public async Task AddRule_refuses_an_invalid_rule_at_once()
    {
        await using var fake = await DeepLeadFake.StartAsync(cancellationToken: Ct);

        Assert.Throws<ArgumentException>(() => fake.AddRule(FakeRule.On("GET", "/pools")));
    }
}
