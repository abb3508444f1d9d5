using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class CreateBatchTests : BehaviourTests
{
    [Fact]
    public async Task A_batch_shares_one_auto_created_pool_and_reports_in_request_order()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            [
              {"emailAddress": "inbox1@gmail.com", "imapPassword": "password1"},
              {"emailAddress": "inbox2@gmail.com", "imapPassword": "password2"}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal((2, 2, 0), Summary(body));
        var poolId = body.GetProperty("autoCreatedPool").GetProperty("id").GetString();
        Assert.Equal(["inbox1@gmail.com", "inbox2@gmail.com"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("emailAddress").GetString()));
        Assert.All(fake.Inboxes, i => Assert.Equal(poolId, i.PoolId));
        Assert.Equal(2, fake.Pools.Single(p => p.Id == poolId).InboxCount);
        Assert.True(fake.Inboxes.Single(i => i.EmailAddress == "inbox2@gmail.com").HasImapPassword("password2"));
    }

    [Fact]
    public async Task Partial_failure_stays_200_creates_the_valid_items_and_explains_each_failure()
    {
        await using var fake = await StartAsync(o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "taken@gmail.com", PoolId = PoolId }));
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", $$"""
            [
              {"emailAddress": "ok1@gmail.com", "imapPassword": "p"},
              {"emailAddress": "taken@GMAIL.com", "imapPassword": "p"},
              {"emailAddress": "twice@gmail.com", "imapPassword": "p"},
              {"emailAddress": "TWICE@gmail.com", "imapPassword": "p"},
              {"emailAddress": "nopool@gmail.com", "imapPassword": "p", "poolId": "aaaaaaaaaaaaaaaaaaaaaaaa"},
              {"emailAddress": "invalid", "imapPassword": "p"},
              {"imapPassword": "p"},
              "not an object",
              {"emailAddress": "ok2@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal((9, 3, 6), Summary(body));
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([true, false, true, false, false, false, false, false, true], results.Select(r => r.GetProperty("success").GetBoolean()));
        Assert.Equal("Email already exists", results[1].GetProperty("error").GetString());
        Assert.Equal("Email already exists", results[3].GetProperty("error").GetString());
        Assert.Equal("Pool not found", results[4].GetProperty("error").GetString());
        Assert.Contains("emailAddress", results[5].GetProperty("error").GetString(), StringComparison.Ordinal);
        // Every result carries emailAddress: null when the item gave none as a string.
        Assert.Equal(JsonValueKind.Null, results[6].GetProperty("emailAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, results[7].GetProperty("emailAddress").ValueKind);
        Assert.Contains("JSON object", results[7].GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var failed in results.Where(r => !r.GetProperty("success").GetBoolean()))
        {
            Assert.False(failed.TryGetProperty("inboxId", out _));
            Assert.All(failed.PropertyNames(), name => Assert.Contains(name, new[] { "emailAddress", "success", "error" }));
        }

        Assert.Equal(
            new[] { "ok1@gmail.com", "ok2@gmail.com", "taken@gmail.com", "twice@gmail.com" },
            fake.Inboxes.Select(i => i.EmailAddress).Order(StringComparer.Ordinal));
        // ok1 and twice had no poolId: they share the auto-created pool.
        Assert.Equal(2, fake.Pools.Single(p => p.Id == body.GetProperty("autoCreatedPool").GetProperty("id").GetString()).InboxCount);
    }

    [Fact]
    public async Task A_batch_where_every_item_fails_leaves_no_auto_created_pool()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", """[{"emailAddress": "bad", "imapPassword": "p"}, {"emailAddress": "a@gmail.com"}]""")).JsonAsync();

        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal((2, 0, 2), Summary(body));
        Assert.False(body.TryGetProperty("autoCreatedPool", out _));
        Assert.Single(fake.Pools);
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task Items_with_a_pool_id_do_not_trigger_an_auto_created_pool()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", $$"""[{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}, {"emailAddress": "b@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}]""")).JsonAsync();

        Assert.False(body.TryGetProperty("autoCreatedPool", out _));
        Assert.Equal(2, fake.Pools.Single().InboxCount);
    }

    [Fact]
    public async Task A_batch_over_the_maximum_is_400_and_creates_nothing()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        var items = Enumerable.Range(0, 101).Select(i => $$"""{"emailAddress": "u{{i}}@gmail.com", "imapPassword": "p"}""");

        using var response = await client.PostJsonAsync("inboxes", "[" + string.Join(",", items) + "]");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("100", error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task The_maximum_batch_size_is_configurable_and_inclusive()
    {
        await using var fake = await StartAsync(o => o.MaxBatchSize = 3);
        using var client = Validated(fake);
        string Batch(int n) => "[" + string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"emailAddress": "u{{n}}x{{i}}@gmail.com", "imapPassword": "p"}""")) + "]";

        using var three = await client.PostJsonAsync("inboxes", Batch(3));
        using var four = await client.PostJsonAsync("inboxes", Batch(4));

        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        await four.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, fake.Inboxes.Count);
    }

    [Fact]
    public async Task A_property_named_empty_is_the_item_s_error_in_strict_mode_never_a_blank_field()
    {
        await using var fake = await StartAsync(o => o.UnknownFields = FakeLeniency.Reject);
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com", "imapPassword": "p", "": 1}]""")).JsonAsync();

        var result = body.GetProperty("results")[0];
        Assert.Equal("item has a property with an empty name", result.GetProperty("error").GetString());
        Assert.Equal("a@gmail.com", result.GetProperty("emailAddress").GetString());
    }

    [Fact]
    public async Task A_one_item_batch_keeps_the_batch_contract()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "aaaaaaaaaaaaaaaaaaaaaaaa"}]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((1, 0, 1), Summary(body));
        Assert.Equal("Pool not found", body.GetProperty("results")[0].GetProperty("error").GetString());
    }

    private static (int Total, int Created, int Failed) Summary(JsonElement body)
    {
        var summary = body.GetProperty("summary");
        Assert.Equal(["total", "created", "failed"], summary.PropertyNames());
        return (summary.GetProperty("total").GetInt32(), summary.GetProperty("created").GetInt32(), summary.GetProperty("failed").GetInt32());
    }
}

public sealed class CreateBatchTestsOverWireMock : CreateBatchTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class CreateBatchTestsInMemory : CreateBatchTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
