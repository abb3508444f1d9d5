using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class ListInboxesTests : BehaviourTests
{
    private const string OtherPoolId = "507f1f77bcf86cd7994390ff";

    /// <summary>25 inboxes over two pools, statuses cycling, creation times spread (some equal, to test the id tie-break).</summary>
    private Task<DeepLeadFake> StartWithInboxesAsync(Action<DeepLeadFakeOptions>? configure = null) => StartAsync(o =>
    {
        o.Pools.Add(new PoolDefinition { Id = OtherPoolId, Name = "Other", CreatedAt = Now.AddDays(-1) });
        var statuses = Enum.GetValues<InboxStatus>();
        for (var i = 0; i < 25; i++)
        {
            o.Inboxes.Add(new InboxDefinition
            {
                EmailAddress = $"user{i:00}@gmail.com",
                PoolId = i % 3 == 0 ? OtherPoolId : PoolId,
                Status = statuses[i % statuses.Length],
                DailySendingLimit = 10 + i,
                // Reverse order in time, with pairs sharing a timestamp.
                CreatedAt = Now.AddMinutes(-(i / 2)),
            });
        }
        configure?.Invoke(o);
    });

    private static async Task<JsonElement> GetAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("inboxes" + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Defaults_to_the_first_100_with_pagination()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var body = await GetAsync(client, "");

        Assert.Equal(["inboxes", "pagination"], body.PropertyNames());
        Assert.Equal(25, body.GetProperty("inboxes").GetArrayLength());
        var pagination = body.GetProperty("pagination");
        Assert.Equal(["total", "limit", "skip", "hasMore"], pagination.PropertyNames());
        Assert.Equal(25, pagination.GetProperty("total").GetInt32());
        Assert.Equal(100, pagination.GetProperty("limit").GetInt32());
        Assert.Equal(0, pagination.GetProperty("skip").GetInt32());
        Assert.False(pagination.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task An_inbox_has_exactly_the_documented_fields_and_no_secret()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        await client.PostJsonAsync("inboxes", Single("sales@gmail.com", $"\"poolId\": \"{PoolId}\", \"smtpPassword\": \"smtp-secret\", \"dailySendingLimit\": 50"));

        var body = await GetAsync(client, "");

        var inbox = Assert.Single(body.GetProperty("inboxes").EnumerateArray());
        Assert.Equal(["id", "emailAddress", "poolId", "status", "dailySendingLimit", "createdAt"], inbox.PropertyNames());
        Assert.Equal("sales@gmail.com", inbox.GetProperty("emailAddress").GetString());
        Assert.Equal(PoolId, inbox.GetProperty("poolId").GetString());
        Assert.Equal("active", inbox.GetProperty("status").GetString());
        Assert.Equal(50, inbox.GetProperty("dailySendingLimit").GetInt32());
        Assert.Equal("2025-03-04T05:06:07Z", inbox.GetProperty("createdAt").GetString());
        Assert.DoesNotContain("secret", body.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Paging_through_everything_lists_each_inbox_once_in_creation_order()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var seen = new List<JsonElement>();
        var skip = 0;
        bool hasMore;
        do
        {
            var body = await GetAsync(client, $"?limit=4&skip={skip}");
            var page = body.GetProperty("inboxes").EnumerateArray().ToList();
            seen.AddRange(page);
            skip += page.Count;
            hasMore = body.GetProperty("pagination").GetProperty("hasMore").GetBoolean();
            Assert.Equal(hasMore, skip < 25);
        }
        while (hasMore);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        var keys = seen.Select(i => (i.GetProperty("createdAt").GetString()!, i.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData("active")]
    [InlineData("paused")]
    [InlineData("deactivated")]
    [InlineData("error")]
    public async Task Filters_by_status_and_counts_the_filtered_total(string status)
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);
        var expected = fake.Inboxes.Count(i => i.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase));

        var body = await GetAsync(client, $"?status={status}&limit=2");

        Assert.True(expected > 2);
        Assert.Equal(expected, body.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.All(body.GetProperty("inboxes").EnumerateArray(), i => Assert.Equal(status, i.GetProperty("status").GetString()));
        Assert.True(body.GetProperty("pagination").GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Filters_by_pool_and_by_pool_and_status_together()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var byPool = await GetAsync(client, $"?poolId={OtherPoolId}");
        var byBoth = await GetAsync(client, $"?poolId={OtherPoolId}&status=active");

        Assert.Equal(fake.Inboxes.Count(i => i.PoolId == OtherPoolId), byPool.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.All(byPool.GetProperty("inboxes").EnumerateArray(), i => Assert.Equal(OtherPoolId, i.GetProperty("poolId").GetString()));
        var expected = fake.Inboxes.Where(i => i.PoolId == OtherPoolId && i.Status == InboxStatus.Active).Select(i => i.Id);
        Assert.Equal(expected, byBoth.GetProperty("inboxes").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task A_pool_with_no_inboxes_of_that_status_gives_an_empty_page()
    {
        await using var fake = await StartAsync(o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "a@gmail.com", PoolId = PoolId }));
        using var client = Validated(fake);

        var body = await GetAsync(client, $"?poolId={PoolId}&status=paused");

        Assert.Equal(0, body.GetProperty("inboxes").GetArrayLength());
        Assert.Equal(0, body.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.False(body.GetProperty("pagination").GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Skip_past_the_end_is_an_empty_page_with_the_total()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var body = await GetAsync(client, "?skip=1000&limit=1000");

        Assert.Equal(0, body.GetProperty("inboxes").GetArrayLength());
        Assert.Equal(25, body.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(1000, body.GetProperty("pagination").GetProperty("limit").GetInt32());
        Assert.False(body.GetProperty("pagination").GetProperty("hasMore").GetBoolean());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=1.5", "limit")]
    [InlineData("?limit=99999999999999999999", "limit")]
    [InlineData("?skip=-1", "skip")]
    [InlineData("?skip=x", "skip")]
    [InlineData("?status=ACTIVE", "status")]
    [InlineData("?status=archived", "status")]
    [InlineData("?poolId=123", "poolId")]
    [InlineData("?poolId=507f1f77bcf86cd79943901z", "poolId")]
    [InlineData("?limit=1&limit=2", "limit")]
    [InlineData("?skip=99999999999999999999", "skip")]
    public async Task Invalid_parameters_are_400_with_details(string query, string field)
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes" + query, Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, error.DetailFields());
    }

    [Fact]
    public async Task Every_invalid_parameter_is_reported_at_once()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes?limit=0&skip=-2&status=x&poolId=y", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["poolId", "status", "limit", "skip"], error.DetailFields());
    }

    [Theory]
    [InlineData("?page=2", "page")]
    [InlineData("?limit=", "limit")]
    [InlineData("?poolId=&status=", "poolId")]
    [InlineData("?=1", "query")]
    [InlineData("?sort=asc&sort=desc", "sort")]
    public async Task Unknown_parameters_and_empty_values_are_400_in_strict_mode(string query, string field)
    {
        await using var fake = await StartWithInboxesAsync(o => o.UseStrictValidation());
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes" + query, Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, error.DetailFields());
    }

    [Theory]
    [InlineData("?page=2", "ignored query parameter \"page\" (not a parameter of this endpoint)")]
    [InlineData("?_=1700000000", "ignored query parameter \"_\" (not a parameter of this endpoint)")]
    [InlineData("?limit=", "ignored query parameter \"limit\" (empty value)")]
    [InlineData("?poolId=&status=", "ignored query parameter \"poolId\" (empty value), ignored query parameter \"status\" (empty value)")]
    public async Task Unknown_parameters_and_empty_values_are_ignored_and_reported_by_default(string query, string warning)
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes" + query, Ct);
        using var plain = await client.GetAsync("inboxes", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(warning.Split(", "), Warnings(response));
        Assert.Equal(await plain.Content.ReadAsStringAsync(Ct), await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(Warnings(plain));
    }

    [Fact]
    public async Task Only_an_empty_value_is_ignored_a_bad_one_stays_400()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes?poolId=&status=archived&limit=0", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["status", "limit"], error.DetailFields());
        Assert.Equal(["ignored query parameter \"poolId\" (empty value)"], Warnings(response));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    public async Task A_huge_skip_is_an_empty_page(string skip)
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var body = await (await client.GetAsync("inboxes?skip=" + skip, Ct)).JsonAsync();

        Assert.Empty(body.GetProperty("inboxes").EnumerateArray());
        var pagination = body.GetProperty("pagination");
        Assert.Equal(25, pagination.GetProperty("total").GetInt32());
        Assert.Equal(long.Parse(skip, System.Globalization.CultureInfo.InvariantCulture), pagination.GetProperty("skip").GetInt64());
        Assert.False(pagination.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_skip_beyond_64_bits_states_the_limit_kept()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes?skip=9223372036854775808", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("must be an integer from 0 to 9223372036854775807", error.GetProperty("details")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_pool_filter_is_an_empty_page_in_that_variant()
    {
        await using var fake = await StartWithInboxesAsync(o => o.UnknownPoolFilter = UnknownPoolFilter.EmptyPage);
        using var client = Validated(fake);

        var body = await (await client.GetAsync("inboxes?poolId=aaaaaaaaaaaaaaaaaaaaaaaa", Ct)).JsonAsync();

        Assert.Empty(body.GetProperty("inboxes").EnumerateArray());
        Assert.Equal(0, body.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_well_formed_unknown_pool_is_404()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync("inboxes?poolId=aaaaaaaaaaaaaaaaaaaaaaaa", Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.False(error.TryGetProperty("details", out _));
    }

    [Fact]
    public async Task A_page_read_again_after_a_write_shows_the_write()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);
        var before = await GetAsync(client, "?limit=100&status=active");

        await client.PostJsonAsync("inboxes", Single("late@gmail.com", $"\"poolId\": \"{PoolId}\""));
        var after = await GetAsync(client, "?limit=100&status=active");
        fake.Reset();
        var reset = await GetAsync(client, "?limit=100&status=active");

        Assert.Equal(before.GetProperty("pagination").GetProperty("total").GetInt32() + 1, after.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Contains(after.GetProperty("inboxes").EnumerateArray(), i => i.GetProperty("emailAddress").GetString() == "late@gmail.com");
        Assert.Equal(before.ToString(), reset.ToString());
    }

    [Fact]
    public async Task Limit_bounds_are_inclusive()
    {
        await using var fake = await StartWithInboxesAsync();
        using var client = Validated(fake);

        var one = await GetAsync(client, "?limit=1");
        var max = await GetAsync(client, "?limit=1000&skip=0");

        Assert.Equal(1, one.GetProperty("inboxes").GetArrayLength());
        Assert.True(one.GetProperty("pagination").GetProperty("hasMore").GetBoolean());
        Assert.Equal(25, max.GetProperty("inboxes").GetArrayLength());
    }
}

public sealed class ListInboxesTestsOverWireMock : ListInboxesTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class ListInboxesTestsInMemory : ListInboxesTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
