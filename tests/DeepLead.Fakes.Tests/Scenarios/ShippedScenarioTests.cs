using System.Diagnostics;
using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>Each shipped scenario does what its description says, loaded the way users load it (embedded in the library).</summary>
public abstract class ShippedScenarioTests : BehaviourTests
{
    private Task<DeepLeadFake> StartShippedAsync(string name)
    {
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Shipped(name));
        return StartBareAsync(options);
    }

    private static async Task<List<JsonElement>> ListAllAsync(HttpClient client, string filter = "")
    {
        var all = new List<JsonElement>();
        var skip = 0;
        while (true)
        {
            var body = await (await client.GetAsync($"inboxes?limit=1000&skip={skip}{filter}", Ct)).JsonAsync();
            var page = body.GetProperty("inboxes").EnumerateArray().ToList();
            all.AddRange(page);
            skip += page.Count;
            if (!body.GetProperty("pagination").GetProperty("hasMore").GetBoolean())
            {
                return all;
            }
        }
    }

    [Fact]
    public void Every_scenario_file_is_shipped_with_a_description()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n != "scenario.schema")
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, ScenarioSource.ShippedNames);
        Assert.Equal(14, ScenarioSource.ShippedNames.Count);
        foreach (var name in ScenarioSource.ShippedNames)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(ScenarioPath(name)));
            Assert.Equal(name, document.RootElement.GetProperty("name").GetString());
            Assert.True(document.RootElement.GetProperty("description").GetString()!.Length > 40, name);
            Assert.Equal("./scenario.schema.json", document.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void An_unknown_shipped_name_lists_the_shipped_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioSource.Shipped("defualt"));

        Assert.Contains("default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_has_the_keys_and_nothing_else()
    {
        await using var fake = await StartShippedAsync("empty");
        using var client = Validated(fake);

        Assert.Equal("dl_your_api_key_here", fake.ApiKey);
        Assert.Equal(0, (await (await client.GetAsync("pools", Ct)).JsonAsync()).GetProperty("pools").GetArrayLength());
        Assert.Equal(0, (await (await client.GetAsync("inboxes", Ct)).JsonAsync()).GetProperty("pagination").GetProperty("total").GetInt32());
        var created = await (await client.PostJsonAsync("inboxes", Single("first@gmail.com"))).JsonAsync();
        Assert.True(created.TryGetProperty("autoCreatedPool", out _));
    }

    [Fact]
    public async Task Large_pages_through_2500_inboxes_over_5_pools_with_every_status()
    {
        await using var fake = await StartShippedAsync("large");
        using var client = Validated(fake);

        var all = await ListAllAsync(client);

        Assert.Equal(2500, all.Count);
        Assert.Equal(2500, all.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(2500, all.Select(i => i.GetProperty("emailAddress").GetString()!.ToLowerInvariant()).Distinct().Count());
        var pools = (await (await client.GetAsync("pools", Ct)).JsonAsync()).GetProperty("pools").EnumerateArray().ToList();
        Assert.Equal(5, pools.Count);
        Assert.All(pools, p => Assert.Equal(500, p.GetProperty("inboxCount").GetInt32()));
        var byStatus = all.GroupBy(i => i.GetProperty("status").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(4, byStatus.Count);
        Assert.InRange(byStatus["active"], 1500, 2000);
        Assert.Contains(fake.Inboxes, i => i.Provider is null && i.ImapHost is not null);
    }

    [Fact]
    public async Task Statuses_has_one_inbox_per_status_per_pool()
    {
        await using var fake = await StartShippedAsync("statuses");
        using var client = Validated(fake);
        var pools = fake.Pools.Select(p => p.Id).ToList();

        Assert.Equal(3, pools.Count);
        foreach (var status in new[] { "active", "paused", "deactivated", "error" })
        {
            var byStatus = await (await client.GetAsync($"inboxes?status={status}", Ct)).JsonAsync();
            Assert.Equal(3, byStatus.GetProperty("pagination").GetProperty("total").GetInt32());
            foreach (var pool in pools)
            {
                var both = await (await client.GetAsync($"inboxes?status={status}&poolId={pool}", Ct)).JsonAsync();
                Assert.Equal(1, both.GetProperty("pagination").GetProperty("total").GetInt32());
            }
        }
    }

    [Fact]
    public async Task Read_only_key_lists_but_cannot_create()
    {
        await using var fake = await StartShippedAsync("read-only-key");
        using var client = Validated(fake);

        Assert.Equal("dl_read_only_key", fake.ApiKey);
        Assert.Equal(3, (await (await client.GetAsync("inboxes", Ct)).JsonAsync()).GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        await (await client.PostJsonAsync("inboxes", Single("new@gmail.com"))).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(3, fake.Inboxes.Count);
    }

    [Fact]
    public async Task Batch_partial_failure_fails_only_the_reject_example_items()
    {
        await using var fake = await StartShippedAsync("batch-partial-failure");
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", """
            [
              {"emailAddress": "good1@gmail.com", "imapPassword": "p"},
              {"emailAddress": "bad@reject.example", "imapPassword": "p", "provider": "google"},
              {"emailAddress": "good2@gmail.com", "imapPassword": "p"}
            ]
            """)).JsonAsync();
        using var single = await client.PostJsonAsync("inboxes", Single("alone@reject.example", "\"provider\": \"google\""));

        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal([true, false, true], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("success").GetBoolean()));
        Assert.Equal("Mailbox rejected by provider", body.GetProperty("results")[1].GetProperty("error").GetString());
        var error = await single.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Mailbox rejected by provider", error.GetProperty("error").GetString());
        Assert.Equal(["good1@gmail.com", "good2@gmail.com"], fake.Inboxes.Select(i => i.EmailAddress).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Duplicate_email_conflicts_on_the_existing_addresses()
    {
        await using var fake = await StartShippedAsync("duplicate-email");
        using var client = Validated(fake);

        await (await client.PostJsonAsync("inboxes", Single("TAKEN@gmail.com"))).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await client.PostJsonAsync("inboxes", Single("sales@company.com", "\"provider\": \"google\""))).AssertErrorAsync(HttpStatusCode.Conflict);
        var batch = await (await client.PostJsonAsync("inboxes", """[{"emailAddress": "taken@gmail.com", "imapPassword": "p"}]""")).JsonAsync();
        Assert.Equal("Email already exists", batch.GetProperty("results")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Connection_test_failure_fails_broken_example_unless_the_test_is_skipped()
    {
        await using var fake = await StartShippedAsync("connection-test-failure");
        using var client = Validated(fake);

        using var failed = await client.PostJsonAsync("inboxes", Single("a@broken.example", "\"provider\": \"google\""));
        using var skipped = await client.PostJsonAsync("inboxes", Single("b@broken.example", "\"provider\": \"google\", \"skipConnectionTest\": true"));
        var batch = await (await client.PostJsonAsync("inboxes", """[{"emailAddress": "c@broken.example", "imapPassword": "p", "provider": "google"}, {"emailAddress": "ok@gmail.com", "imapPassword": "p"}]""")).JsonAsync();

        var error = await failed.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Connection test failed: IMAP authentication failed (535 5.7.8)", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Equal([false, true], batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("success").GetBoolean()));
        Assert.Equal(["b@broken.example", "ok@gmail.com"], fake.Inboxes.Select(i => i.EmailAddress).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("GET", "pools", "dl_your_api_key_here")]
    [InlineData("GET", "inboxes?limit=5", "dl_your_api_key_here")]
    [InlineData("POST", "inboxes", "dl_your_api_key_here")]
    [InlineData("GET", "pools", "dl_unknown")]
    [InlineData("GET", "nope", null)]
    public async Task Outage_answers_every_call_with_500(string method, string path, string? key)
    {
        await using var fake = await StartShippedAsync("outage");
        using var client = Validated(fake, key);
        if (key is null)
        {
            client.DefaultRequestHeaders.Authorization = null;
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent(Single("a@gmail.com"), System.Text.Encoding.UTF8, "application/json") : null };

        using var response = await client.SendAsync(request, Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("Internal server error", error.GetProperty("error").GetString());
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task Flaky_fails_the_first_three_calls_then_succeeds_and_replays_after_reset()
    {
        await using var fake = await StartShippedAsync("flaky");
        using var client = Validated(fake);

        async Task<List<HttpStatusCode>> FiveCalls()
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.GetAsync("pools", Ct);
                statuses.Add(response.StatusCode);
            }
            return statuses;
        }

        var expected = new[] { HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK, HttpStatusCode.OK };
        Assert.Equal(expected, await FiveCalls());
        fake.Reset();
        Assert.Equal(expected, await FiveCalls());
        Assert.Equal(6, fake.Journal.ForcedCalls.Count);
    }

    [Fact]
    public async Task Slow_delays_every_call_by_200_to_400_ms_then_answers_normally()
    {
        await using var fake = await StartShippedAsync("slow");
        using var client = Validated(fake);

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("inboxes", Ct);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(195), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("latency", Assert.Single(fake.Journal.Calls).ForcedBy);
    }

    [Fact]
    public async Task Custom_domains_hold_full_settings_and_require_them_for_new_inboxes()
    {
        await using var fake = await StartShippedAsync("custom-domains");
        using var client = Validated(fake);

        Assert.Equal(3, fake.Inboxes.Count);
        Assert.All(fake.Inboxes, i =>
        {
            Assert.Null(i.Provider);
            Assert.Equal("mail." + i.EmailAddress.Split('@')[1], i.ImapHost);
            Assert.Equal(587, i.SmtpPort);
        });
        await (await client.PostJsonAsync("inboxes", Single("new@acme-mail.io"))).AssertErrorAsync(HttpStatusCode.BadRequest);
        using var full = await client.PostJsonAsync("inboxes", Single("new@acme-mail.io", "\"imapHost\": \"mail.acme-mail.io\", \"imapPort\": 993, \"smtpHost\": \"smtp.acme-mail.io\", \"smtpPort\": 587"));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }
}

public sealed class ShippedScenarioTestsOverWireMock : ShippedScenarioTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class ShippedScenarioTestsInMemory : ShippedScenarioTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
