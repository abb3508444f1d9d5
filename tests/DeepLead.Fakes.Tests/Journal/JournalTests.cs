using System.Net;
using System.Net.Http.Headers;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Journal;

public abstract class JournalTests : BehaviourTests
{
    [Fact]
    public async Task Records_each_call_with_status_and_bodies_but_no_secret()
    {
        await using var fake = await StartAsync(o => o.ApiKeys.Add(new FakeApiKey("dl_secret_key_value_123")));
        using var client = Validated(fake, "dl_secret_key_value_123");

        await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com", "imapPassword": "imap-hunter2", "smtpPassword": "smtp-hunter2"}""");
        await client.GetAsync("inboxes?limit=5", Ct);

        var calls = fake.Journal.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(("POST", "/api/v1/inboxes", 200), (calls[0].Method, calls[0].Path, calls[0].Status));
        Assert.Equal(("GET", "limit=5"), (calls[1].Method, calls[1].Query));
        Assert.True(calls[0].Sequence < calls[1].Sequence);
        Assert.Contains("\"imapPassword\":\"***\"", calls[0].RequestBody, StringComparison.Ordinal);
        Assert.Contains("a@gmail.com", calls[0].RequestBody, StringComparison.Ordinal);
        Assert.Equal("dl_s…(23)", calls[0].ApiKey);
        var everything = string.Join("\n", calls.Select(c => $"{c} {c.ApiKey} {c.RequestBody} {c.ResponseBody}"));
        Assert.DoesNotContain("hunter2", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_secret_key_value_123", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_answers_keep_no_string_or_trace_of_their_own_and_still_explain_themselves()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        await client.GetAsync("inboxes?limit=5", Ct);
        await client.GetAsync("inboxes?limit=5", Ct);
        await client.GetAsync("inboxes?limit=0", Ct);

        var calls = fake.Journal.Calls;
        // Two calls of the same path and query share the journal's strings (the request's own are left to die young).
        Assert.Same(calls[0].Path, calls[1].Path);
        Assert.Same(calls[0].Query, calls[1].Query);
        // A plain answer's trace is remade when read, and explains as the pipeline's own (a 400 keeps its own trace).
        Assert.Equal("endpoint", calls[0].Explanation.DecidedBy);
        Assert.Equal((Outcomes.DecidedBy.Endpoint, true), (calls[0].Trace!.DecidedBy, calls[0].Trace!.Operation!.Contains("/inboxes", StringComparison.Ordinal)));
        Assert.Equal(("query", 400), (calls[2].Explanation.DecidedBy, calls[2].Status));
        Assert.Same(calls[0].Trace, calls[0].Trace);
    }

    [Fact]
    public async Task Reads_like_the_domain_created_inboxes_failures_and_unauthorized_calls()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        using var anonymous = Validated(fake);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_nope");

        await client.PostJsonAsync("inboxes", $$"""[{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}, {"emailAddress": "b@gmail.com", "imapPassword": "p"}, {"emailAddress": "bad", "imapPassword": "p"}]""");
        await client.PostJsonAsync("inboxes", Single("a@gmail.com"));
        await anonymous.GetAsync("pools", Ct);

        var created = fake.Journal.CreatedInboxes;
        Assert.Equal(["a@gmail.com", "b@gmail.com"], created.Select(c => c.EmailAddress));
        Assert.Equal(PoolId, created[0].PoolId);
        Assert.Equal(fake.Inboxes.Single(i => i.EmailAddress == "b@gmail.com").PoolId, created[1].PoolId);
        Assert.Equal(fake.Inboxes.Select(i => i.Id).Order(StringComparer.Ordinal), created.Select(c => c.InboxId).Order(StringComparer.Ordinal));
        Assert.Equal([("bad", 200), ("a@gmail.com", 409)], fake.Journal.FailedItems.Select(f => (f.EmailAddress!, f.Status)));
        Assert.Equal("Email already exists", fake.Journal.FailedItems[1].Error);
        Assert.Single(fake.Journal.UnauthorizedCalls);
        Assert.Equal(2, fake.Journal.FailedCalls.Count);
        Assert.Equal(2, fake.Journal.CallsTo("POST", "/inboxes").Count);
    }

    [Fact]
    public async Task The_journal_keeps_only_the_last_calls_up_to_its_capacity()
    {
        await using var fake = await StartAsync(o => o.JournalCapacity = 3);
        using var client = Validated(fake);

        for (var i = 0; i < 5; i++)
        {
            using var _ = await client.GetAsync($"inboxes?skip={i}", Ct);
        }

        Assert.Equal(["skip=2", "skip=3", "skip=4"], fake.Journal.Calls.Select(c => c.Query));
        Assert.Equal([3L, 4L, 5L], fake.Journal.Calls.Select(c => c.Sequence));
    }

    [Fact]
    public async Task Each_call_is_logged_once_without_secrets()
    {
        var log = new ListLogger();
        await using var fake = await StartAsync(o => o.Logger = log);
        using var client = Validated(fake);

        await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com", "imapPassword": "hunter2"}""");
        await client.GetAsync("nope", Ct);

        // One line per call, and for an error answer one more saying which step decided it (with the hint).
        Assert.Equal(3, log.Lines.Count);
        Assert.StartsWith("POST /api/v1/inboxes -> 200 in ", log.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("GET /api/v1/nope -> 404", log.Lines[1], StringComparison.Ordinal);
        Assert.Equal("#2 GET /api/v1/nope decided by route; did you mean GET /api/v1/inboxes?", log.Lines[2]);
        Assert.DoesNotContain(log.Lines, l => l.Contains("hunter2", StringComparison.Ordinal) || l.Contains(fake.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_kept_only_by_size()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", "{\"imapPassword\": \"hunter2\", broken");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches(@"^<\d+ bytes, not JSON>$", fake.Journal.Calls.Single().RequestBody);
    }
}

public sealed class JournalTestsOverWireMock : JournalTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class JournalTestsInMemory : JournalTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
