using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Explain;

/// <summary>
/// Every answer carries its call number and has an explanation: each <c>decidedBy</c> value on both transports, a batch
/// with every item kind, and hints for misspelled routes and methods. The explanations' text is a golden transcript
/// (the same for both transports), so any change to what they say shows as a diff of <c>Explain/golden-explanations.txt</c>.
/// </summary>
public sealed class ExplainTests
{
    private const string ReadOnlyKey = "dl_explain_read_only_000001";

    private static Task<DeepLeadFake> StartExplainedAsync(FakeTransport transport, Action<DeepLeadFakeOptions>? configure = null) => StartAsync(o =>
    {
        o.ApiKeys.Add(new FakeApiKey(ReadOnlyKey, [Permissions.PoolsRead, Permissions.InboxesRead]));
        o.ApiKeys.Add(new FakeApiKey("dl_explain_full_key_0000001", Permissions.All));
        o.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503, "Down for maintenance").Times(2).Named("outage"));
        o.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("break", "1").BreakConnection());
        o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@broken.example").FailConnectionTest("IMAP login failed").Named("imap down"));
        o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@forced.example").FailItem(422, "Refused by policy").Named("policy"));
        configure?.Invoke(o);
    }, transport);

    private static async Task<(HttpResponseMessage Response, FakeCall Call)> SendAsync(DeepLeadFake fake, string method, string path, string? json = null, string? key = "default")
    {
        using var client = new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key == "default" ? "dl_explain_full_key_0000001" : key);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var before = fake.Journal.LastSequence;
        var response = await client.SendAsync(request, Ct);
        var call = Assert.Single(fake.Journal.CallsSince(before));
        Assert.Equal(call.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Call")));
        return (response, call);
    }

    private static async Task<FakeCall> ExpectAsync(DeepLeadFake fake, string decidedBy, int status, string method, string path, string? json = null, string? key = "default")
    {
        var (response, call) = await SendAsync(fake, method, path, json, key);
        using (response)
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(decidedBy, call.Explanation.DecidedBy);
        }
        return call;
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Every_decidedBy_value_is_produced_and_explained(FakeTransport transport)
    {
        await using var fake = await StartExplainedAsync(transport);
        var transcript = new StringBuilder();
        void Record(FakeCall call) => transcript.Append(call.Explanation.ToString().Replace($"#{call.Sequence} ", "#n ", StringComparison.Ordinal)).Append('\n');

        Record(await ExpectAsync(fake, "endpoint", 200, "GET", "pools"));
        Record(await ExpectAsync(fake, "rule", 503, "GET", "pools?outage=1"));
        Record(await ExpectAsync(fake, "route", 404, "DELETE", "inboxes"));
        Record(await ExpectAsync(fake, "auth", 401, "GET", "pools", key: null));
        Record(await ExpectAsync(fake, "permission", 403, "POST", "inboxes", """{"emailAddress":"a@gmail.com","imapPassword":"secret-1"}""", key: ReadOnlyKey));
        Record(await ExpectAsync(fake, "query", 400, "GET", "inboxes?limit=0&colour=blue"));
        Record(await ExpectAsync(fake, "validation", 400, "POST", "inboxes", """{"emailAddress":"not-an-address","imapPassword":"secret-2"}"""));
        Record(await ExpectAsync(fake, "notFound", 404, "GET", "inboxes?poolId=aaaaaaaaaaaaaaaaaaaaaaaa"));
        Record(await ExpectAsync(fake, "endpoint", 200, "POST", "inboxes", """{"emailAddress":"kim@gmail.com","imapPassword":"secret-3"}"""));
        Record(await ExpectAsync(fake, "conflict", 409, "POST", "inboxes", """{"emailAddress":"KIM@gmail.com","imapPassword":"secret-4"}"""));
        Record(await ExpectAsync(fake, "rule", 400, "POST", "inboxes", """{"emailAddress":"x@broken.example","imapPassword":"secret-5","imapHost":"imap.broken.example","imapPort":993,"smtpHost":"smtp.broken.example","smtpPort":465}"""));

        // A broken connection has no answer to carry a header: its explanation is in the journal.
        using (var client = fake.CreateClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("pools?break=1", Ct));
        }
        var broken = fake.Journal.Calls[^1];
        Assert.Equal("fault", broken.Explanation.DecidedBy);
        Record(broken);

        await using (var limited = await StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Json("""{"settings": {"rateLimit": {"calls": 1, "windowSeconds": 60}}}""", "limited"));
            o.ApiKeys.Add(new FakeApiKey("dl_explain_full_key_0000001", Permissions.All));
        }, transport))
        {
            await ExpectAsync(limited, "endpoint", 200, "GET", "pools");
            Record(await ExpectAsync(limited, "rateLimit", 429, "GET", "pools"));
        }

        var text = transcript.ToString();
        Assert.DoesNotContain("secret-", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_explain_full_key_0000001", text, StringComparison.Ordinal);
        await GoldenFile.AssertMatchesAsync(text, "Explain", "golden-explanations.txt");
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task A_batch_explains_every_item_kind(FakeTransport transport)
    {
        await using var fake = await StartExplainedAsync(transport);
        await ExpectAsync(fake, "endpoint", 200, "POST", "inboxes", """{"emailAddress":"taken@gmail.com","imapPassword":"p"}""");
        var call = await ExpectAsync(fake, "endpoint", 200, "POST", "inboxes", $$"""
            [
              {"emailAddress":"new@gmail.com","imapPassword":"p"},
              {"emailAddress":"bad","imapPassword":"p"},
              {"emailAddress":"lost@gmail.com","imapPassword":"p","poolId":"aaaaaaaaaaaaaaaaaaaaaaaa"},
              {"emailAddress":"taken@gmail.com","imapPassword":"p"},
              {"emailAddress":"x@broken.example","imapPassword":"p","imapHost":"imap.broken.example","imapPort":993,"smtpHost":"smtp.broken.example","smtpPort":465},
              {"emailAddress":"y@forced.example","imapPassword":"p","imapHost":"imap.forced.example","imapPort":993,"smtpHost":"smtp.forced.example","smtpPort":465}
            ]
            """);
        var items = call.Explanation.Items;
        Assert.Equal(["created", "invalid", "poolNotFound", "emailExists", "connectionTestFailed", "forced"], items.Select(i => i.Kind));
        Assert.Equal(["emailAddress: must be a valid email address"], items[1].FieldErrors);
        Assert.Equal("imap down", items[4].Rule);
        Assert.Equal("policy", items[5].Rule);
        Assert.Equal(422, items[5].Status);
        Assert.Contains("maxBatchSize", call.Explanation.Settings.Select(s => s.Key));
        Assert.Equal("validation", call.Explanation.Steps[^3].Name);
        Assert.Equal("6 items, 5 valid", call.Explanation.Steps[^3].Result);
    }

    public static TheoryData<string, string, string> Misspellings => new()
    {
        { "GET", "/api/v1/inbox", "did you mean GET /api/v1/inboxes?" },
        { "GET", "/api/v1/pool", "did you mean GET /api/v1/pools?" },
        { "GET", "/api/v1/Pools", "did you mean GET /api/v1/pools?" },
        { "GET", "/api/v2/inboxes", "did you mean GET /api/v1/inboxes?" },
        { "GET", "/inboxes", "did you mean GET /api/v1/inboxes?" },
        { "POST", "/api/v1/inboxs", "did you mean POST /api/v1/inboxes?" },
        { "PUT", "/api/v1/inboxes", "did you mean GET /api/v1/inboxes or POST /api/v1/inboxes?" },
        { "DELETE", "/api/v1/pools", "did you mean GET /api/v1/pools?" },
        { "POST", "/api/v1/pools", "did you mean GET /api/v1/pools?" },
        { "GET", "/api/v1/inboxes/67c68a3f918cf4fd00000b01", "did you mean GET /api/v1/inboxes?" },
        { "PATCH", "/api/v1/inboxes", "did you mean GET /api/v1/inboxes or POST /api/v1/inboxes?" },
    };

    [Theory]
    [MemberData(nameof(Misspellings))]
    public async Task Misspelled_routes_and_methods_get_the_nearest_documented_operation(string method, string path, string hint)
    {
        foreach (var transport in new[] { FakeTransport.InMemory, FakeTransport.WireMock })
        {
            await using var fake = await StartExplainedAsync(transport);
            using var client = fake.CreateClient();
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(fake.BaseAddress, path)), Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(hint, Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Hint")));
            Assert.Equal($$"""{"error":"Not found: {{method}} {{path}}"}""", await response.Content.ReadAsStringAsync(Ct));
            var explanation = fake.Journal.Calls[^1].Explanation;
            Assert.Equal("route", explanation.DecidedBy);
            Assert.Equal(hint, explanation.Hint);
        }
    }

    [Fact]
    public async Task A_served_call_carries_no_hint_and_its_explanation_stops_at_render()
    {
        await using var fake = await StartExplainedAsync(FakeTransport.InMemory);
        var (response, call) = await SendAsync(fake, "GET", "inboxes?limit=100");
        using (response)
        {
            Assert.False(response.Headers.Contains("X-DeepLead-Fake-Hint"));
        }
        var explanation = call.Explanation;
        Assert.Equal(["rules", "route", "auth", "rateLimit", "permission", "query", "endpoint", "render"], explanation.Steps.Select(s => s.Name));
        Assert.Null(explanation.RestsOn);
        Assert.Null(explanation.Rule);
        Assert.Contains(new KeyValuePair<string, string>("timestampPrecision", "seconds"), explanation.Settings);
    }

    [Fact]
    public async Task The_rule_that_fired_is_named_with_its_position_and_times_left()
    {
        await using var fake = await StartExplainedAsync(FakeTransport.InMemory);
        var call = await ExpectAsync(fake, "rule", 503, "GET", "pools?outage=1");
        var rule = Assert.IsType<FakeExplanationRule>(call.Explanation.Rule);
        Assert.Equal((1, "outage", (int?)1), (rule.Number, rule.Name, rule.TimesLeft));
        Assert.Equal(["rules", "render"], call.Explanation.Steps.Select(s => s.Name));
        Assert.StartsWith("not in the documentation: a rule of the test's own", call.Explanation.RestsOn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_abandoned_during_a_delay_rule_is_explained_by_that_rule()
    {
        var clock = new SignallingTimeProvider();
        await using var fake = await StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Rules.Add(FakeRule.On("GET", "/pools").DelayBy(TimeSpan.FromMinutes(4)).Times(1).Named("slow-pools"));
        }, FakeTransport.InMemory);
        using var client = fake.CreateClient();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.GetAsync("pools", abandon.Token);
        await clock.DelayStarted.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var journaled = await WaitForAsync(() => fake.Journal.Calls.SingleOrDefault());

        var explanation = journaled.Explanation;
        Assert.Equal("rule", explanation.DecidedBy);
        Assert.Equal(["rules: rule #1 (slow-pools) delayed the call; the client gave up", "render: nothing sent: the client gave up"], explanation.Steps.Select(s => $"{s.Name}: {s.Result}"));
        Assert.Null(explanation.RestsOn);
        Assert.Equal((1, "slow-pools", (int?)0), (explanation.Rule!.Number, explanation.Rule.Name, explanation.Rule.TimesLeft));
    }
}
