using System.Net.Http.Headers;
using System.Text;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Pipeline;

/// <summary>
/// Every kind of answer the fake gives — lists, pages, filters, every error, single and batch creates with each item
/// failure, rule-forced answers, item rules, warnings, a rate limit — compared byte for byte (status, the fake's own
/// headers, body) with <c>Pipeline/golden-responses.txt</c>, which was recorded from the engine before its redesign into
/// outcomes and a renderer (issue 13). A change to any answer shows here as a diff of that file.
/// Set <c>DEEPLEAD_GOLDEN_WRITE=1</c> to write the file afresh after a deliberate change, and review the diff.
/// </summary>
public sealed class GoldenResponsesTests
{
    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Every_kind_of_answer_is_byte_identical_to_the_recorded_one(FakeTransport transport)
    {
        await GoldenFile.AssertMatchesAsync(await TranscriptAsync(transport), "Pipeline", "golden-responses.txt");
    }

    private static async Task<string> TranscriptAsync(FakeTransport transport)
    {
        var options = new DeepLeadFakeOptions { Transport = transport, Clock = Now, Seed = 11 };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.ApiKeys.Add(new FakeApiKey("dl_golden_read_only", [Permissions.PoolsRead, Permissions.InboxesRead]));
        await using var fake = await DeepLeadFake.StartAsync(options, Ct);
        using var http = fake.CreateClient();
        var text = new StringBuilder();
        var pool = fake.Pools[0].Id;

        async Task Call(string method, string path, string? json = null, string? key = "default", string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (key is null)
            {
                request.Headers.Authorization = null;
            }
            else if (key != "default")
            {
                request.Headers.TryAddWithoutValidation("Authorization", key);
            }
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
            using var client = key == "default" ? null : new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };
            using var response = await (client ?? http).SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            text.Append(method).Append(' ').Append(path).Append(" -> ").Append((int)response.StatusCode).Append('\n');
            foreach (var header in response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key.StartsWith("X-DeepLead", StringComparison.OrdinalIgnoreCase) || h.Key is "Retry-After" or "Content-Type")
                .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                text.Append("  ").Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append('\n');
            }
            text.Append("  ").Append(body).Append('\n');
        }

        await Call("GET", "pools");
        await Call("GET", "inboxes");
        await Call("GET", "inboxes?limit=2&skip=1");
        await Call("GET", $"inboxes?poolId={pool}&status=active&limit=3");
        await Call("GET", "inboxes?status=paused");
        await Call("GET", "inboxes?limit=0&skip=-1&status=sleeping&poolId=nope");
        await Call("GET", "inboxes?poolId=aaaaaaaaaaaaaaaaaaaaaaaa");
        await Call("GET", "inboxes?limit=1&colour=blue&poolId=");
        await Call("GET", "pools", key: null);
        await Call("GET", "pools", key: "Bearer dl_nope");
        await Call("GET", "pools", key: "Basic abc");
        await Call("POST", "inboxes", """{"emailAddress":"a@gmail.com","imapPassword":"x"}""", key: "Bearer dl_golden_read_only");
        await Call("DELETE", "inboxes");
        await Call("GET", "nowhere");
        await Call("POST", "inboxes", """{"emailAddress":"single@gmail.com","imapPassword":"pw","colour":"blue"}""");
        await Call("POST", "inboxes", """{"emailAddress":"single@gmail.com","imapPassword":"pw"}""");
        await Call("POST", "inboxes", """{"emailAddress":"custom@custom.example","imapPassword":"pw"}""");
        await Call("POST", "inboxes", $$"""{"emailAddress":"x@gmail.com","imapPassword":"pw","poolId":"bbbbbbbbbbbbbbbbbbbbbbbb"}""");
        await Call("POST", "inboxes", """{"emailAddress":"x@gmail.com"}""", contentType: "text/plain");
        await Call("POST", "inboxes", """{"emailAddress":""", contentType: "application/json");
        await Call("POST", "inboxes", "[]");
        await Call("POST", "inboxes", "42");
        await Call("POST", "inboxes", $$"""
            [{"emailAddress":"b1@gmail.com","imapPassword":"pw","poolId":"{{pool}}"},
             {"emailAddress":"b1@gmail.com","imapPassword":"pw","poolId":"{{pool}}"},
             {"emailAddress":"b2@outlook.com","imapPassword":"pw","poolId":"cccccccccccccccccccccccc"},
             {"imapPassword":"pw"},
             "not an object",
             {"emailAddress":"b3@yahoo.com","imapPassword":"pw","dailySendingLimit":5,"extra":1}]
            """);
        await Call("POST", "inboxes", """[{"emailAddress":"auto1@gmail.com","imapPassword":"pw"},{"emailAddress":"auto2@gmail.com","imapPassword":"pw","skipConnectionTest":true}]""");

        fake.AddRule(FakeRule.On("GET", "/pools").Times(1).RespondWith(503).Named("outage"));
        fake.AddRule(FakeRule.On("GET", "/inboxes").Times(1).RespondWithJson(418, """{"error":"teapot","hint":1}""").WithHeader("X-Extra", "yes"));
        fake.AddRule(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@broken.example").FailConnectionTest("IMAP login failed").Named("broken"));
        fake.AddRule(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "doomed*").FailItem(500).Named("doomed"));
        await Call("GET", "pools");
        await Call("GET", "inboxes");
        await Call("POST", "inboxes", """[{"emailAddress":"ok@gmail.com","imapPassword":"pw"},{"emailAddress":"x@broken.example","imapPassword":"pw","imapHost":"imap.broken.example","imapPort":993,"smtpHost":"smtp.broken.example","smtpPort":587},{"emailAddress":"doomed@gmail.com","imapPassword":"pw"}]""");
        await Call("POST", "inboxes", """{"emailAddress":"doomed2@gmail.com","imapPassword":"pw"}""");
        await Call("GET", "pools");
        await Call("GET", "inboxes?limit=100");

        // A rate limit's answer carries Retry-After and the rule header like a rule's.
        var limited = new DeepLeadFakeOptions { Transport = transport, Clock = Now, Seed = 11 };
        limited.Scenarios.Add(ScenarioSource.Json("""{"settings": {"rateLimit": {"calls": 1, "windowSeconds": 60}}}""", "limited"));
        await using var throttled = await DeepLeadFake.StartAsync(limited, Ct);
        using var throttledHttp = throttled.CreateClient();
        foreach (var path in new[] { "pools", "pools" })
        {
            using var response = await throttledHttp.GetAsync(path, Ct);
            text.Append("GET ").Append(path).Append(" (rate-limited fake) -> ").Append((int)response.StatusCode)
                .Append(" Retry-After: ").Append(response.Headers.RetryAfter?.ToString() ?? "-")
                .Append(" Rule: ").Append(response.Headers.TryGetValues("X-DeepLead-Fake-Rule", out var rule) ? string.Join(",", rule) : "-").Append('\n')
                .Append("  ").Append(await response.Content.ReadAsStringAsync(Ct)).Append('\n');
        }
        return text.ToString();
    }
}
