using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class ListPoolsTests : BehaviourTests
{
    [Fact]
    public async Task Lists_each_pool_with_exactly_the_documented_fields()
    {
        await using var fake = await StartAsync(o =>
            o.Inboxes.Add(new InboxDefinition { EmailAddress = "a@gmail.com", PoolId = PoolId }));
        using var client = Validated(fake);

        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["pools"], body.PropertyNames());
        var pool = Assert.Single(body.GetProperty("pools").EnumerateArray());
        Assert.Equal(["id", "name", "inboxCount", "createdAt"], pool.PropertyNames());
        Assert.Equal(PoolId, pool.GetProperty("id").GetString());
        Assert.Equal("Main Pool", pool.GetProperty("name").GetString());
        Assert.Equal(1, pool.GetProperty("inboxCount").GetInt32());
        Assert.Equal("2025-03-03T05:06:07Z", pool.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task Inbox_count_is_live()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        await client.PostJsonAsync("inboxes", $$"""[{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}, {"emailAddress": "b@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}]""");
        var pools = (await (await client.GetAsync("pools", Ct)).JsonAsync()).GetProperty("pools");

        Assert.Equal(2, pools[0].GetProperty("inboxCount").GetInt32());
        Assert.Equal(2, fake.Pools.Single().InboxCount);
    }

    [Fact]
    public async Task Pools_are_listed_in_creation_order()
    {
        await using var fake = await StartAsync(o =>
        {
            o.Pools.Add(new PoolDefinition { Name = "Newest", CreatedAt = Now });
            o.Pools.Add(new PoolDefinition { Name = "Oldest", CreatedAt = Now.AddYears(-1) });
        });
        using var client = Validated(fake);

        var pools = (await (await client.GetAsync("pools", Ct)).JsonAsync()).GetProperty("pools");

        Assert.Equal(["Oldest", "Main Pool", "Newest"], pools.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_400_in_strict_mode()
    {
        await using var fake = await StartAsync(o => o.UnknownQueryParameters = FakeLeniency.Reject);
        using var client = Validated(fake);

        using var response = await client.GetAsync("pools?page=2", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["page"], error.DetailFields());
        Assert.Empty(Warnings(response));
    }

    [Theory]
    [InlineData("pools?_=1700000000", new[] { "_" })]
    [InlineData("pools?page=2&page=3", new[] { "page" })]
    [InlineData("pools?=x&limit=", new[] { "", "limit" })]
    public async Task Unknown_query_parameters_are_ignored_and_reported_by_default(string path, string[] names)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(names.Select(n => $"ignored query parameter \"{n}\" (not a parameter of this endpoint)"), Warnings(response));
        Assert.Single((await response.JsonAsync()).GetProperty("pools").EnumerateArray());
    }

    [Fact]
    public async Task An_account_with_no_pools_gets_an_empty_list()
    {
        await using var fake = await StartBareAsync();
        using var client = Validated(fake);

        var body = await (await client.GetAsync("pools", Ct)).JsonAsync();

        Assert.Equal(JsonValueKind.Array, body.GetProperty("pools").ValueKind);
        Assert.Equal(0, body.GetProperty("pools").GetArrayLength());
    }
}

public sealed class ListPoolsTestsOverWireMock : ListPoolsTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class ListPoolsTestsInMemory : ListPoolsTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
