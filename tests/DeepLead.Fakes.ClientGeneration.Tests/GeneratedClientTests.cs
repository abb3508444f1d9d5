using System.Text.Json;
using DeepLead.Fakes.ClientGeneration.Tests.Support;

namespace DeepLead.Fakes.ClientGeneration.Tests;

/// <summary>
/// A client generated from the stub's <c>/openapi.json</c>, compiled, then used against the stub through its own types:
/// every documented operation (batch included) and every documented error status.
/// </summary>
public abstract class GeneratedClientTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GeneratedClientFixture
{
    private const string MainPool = "507f1f77bcf86cd799439011";
    private static int _sequence;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewEmail(string domain = "gmail.com") =>
        $"generated-{typeof(TFixture).Name.ToLowerInvariant()}-{Interlocked.Increment(ref _sequence)}@{domain}";

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task Lists_pools_exactly_as_the_api_answers()
    {
        var pools = await fixture.Driver().ListPoolsAsync(Ct);

        var raw = await fixture.RawGetAsync("pools");
        Assert.Contains(pools, p => p.Id == MainPool && p.Name == "Main Pool");
        Assert.Equal(Json(raw.GetProperty("pools").EnumerateArray().Select(Pool).ToList()), Json(pools));
    }

    [Fact]
    public async Task Lists_inboxes_exactly_as_the_api_answers()
    {
        var page = await fixture.Driver().ListInboxesAsync(null, null, null, null, Ct);

        var raw = await fixture.RawGetAsync("inboxes");
        Assert.NotEmpty(page.Inboxes);
        Assert.Equal(Json(Page(raw)), Json(page));
    }

    [Fact]
    public async Task Filters_by_pool_and_status_with_limit_and_skip()
    {
        var page = await fixture.Driver().ListInboxesAsync(MainPool, "active", 2, 1, Ct);

        var raw = await fixture.RawGetAsync($"inboxes?poolId={MainPool}&status=active&limit=2&skip=1");
        Assert.Equal((2, 1), (page.Limit, page.Skip));
        Assert.All(page.Inboxes, i => Assert.Equal((MainPool, "active"), (i.PoolId, i.Status)));
        Assert.Equal(Json(Page(raw)), Json(page));
    }

    [Fact]
    public async Task Creates_one_inbox_with_auto_filled_settings()
    {
        var email = NewEmail();

        var created = await fixture.Driver().CreateAsync(new InboxInput(email, "app-password", PoolId: MainPool, DailySendingLimit: 40), Ct);

        Assert.True(created.Success);
        Assert.Equal((1, 1, 0), (created.Total, created.Created, created.Failed));
        var item = Assert.Single(created.Results);
        Assert.Equal(email, item.EmailAddress);
        Assert.Matches("^[0-9a-f]{24}$", item.InboxId);
        Assert.Equal(["imapHost", "imapPort", "smtpHost", "smtpPort"], item.AutoFilledFields.Select(f => char.ToLowerInvariant(f[0]) + f[1..]));
        Assert.Null(created.AutoCreatedPoolId);
        var listed = await fixture.Driver().ListInboxesAsync(MainPool, null, 1000, null, Ct);
        var inbox = Assert.Single(listed.Inboxes, i => i.Id == item.InboxId);
        Assert.Equal((email, 40, "active"), (inbox.EmailAddress, inbox.DailySendingLimit, inbox.Status));
    }

    [Fact]
    public async Task Creates_a_custom_domain_inbox_with_a_provider_enum_and_no_pool()
    {
        var created = await fixture.Driver().CreateAsync(new InboxInput(NewEmail("customdomain.com"), "app-password", Provider: "zoho"), Ct);

        Assert.True(created.Success);
        Assert.Matches("^[0-9a-f]{24}$", created.AutoCreatedPoolId);
        Assert.Equal(4, Assert.Single(created.Results).AutoFilledFields.Count);
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_reports_each_item()
    {
        var existing = (await fixture.Driver().ListInboxesAsync(MainPool, null, 1, null, Ct)).Inboxes[0].EmailAddress;
        var fresh = NewEmail();

        var batch = await fixture.Driver().CreateBatchAsync([new InboxInput(fresh, "pw-1", PoolId: MainPool), new InboxInput(existing, "pw-2", PoolId: MainPool)], Ct);

        Assert.False(batch.Success);
        Assert.Equal((2, 1, 1), (batch.Total, batch.Created, batch.Failed));
        Assert.Equal([fresh, existing], batch.Results.Select(r => r.EmailAddress));
        Assert.True(batch.Results[0].Success);
        Assert.NotNull(batch.Results[0].InboxId);
        Assert.False(batch.Results[1].Success);
        Assert.Null(batch.Results[1].InboxId);
        Assert.Equal("Email already exists", batch.Results[1].Error);
    }

    [Fact]
    public async Task A_bad_limit_is_400_with_details_in_the_error_type()
    {
        var error = await Assert.ThrowsAsync<GeneratedClientError>(() => fixture.Driver().ListInboxesAsync(null, null, 0, null, Ct));

        Assert.Equal(400, error.Status);
        Assert.Equal("Validation failed", error.Error);
        Assert.Equal(["limit"], error.DetailFields);
    }

    [Fact]
    public async Task An_unknown_key_is_401()
    {
        var error = await Assert.ThrowsAsync<GeneratedClientError>(() => fixture.Driver("dl_not_a_key").ListPoolsAsync(Ct));

        Assert.Equal((401, "Invalid API key"), (error.Status, error.Error));
    }

    [Fact]
    public async Task A_read_only_key_creating_is_403()
    {
        var error = await Assert.ThrowsAsync<GeneratedClientError>(() =>
            fixture.Driver(GeneratedClientFixture.ReadOnlyApiKey).CreateAsync(new InboxInput(NewEmail(), "pw"), Ct));

        Assert.Equal(403, error.Status);
        Assert.Contains("inboxes:write", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_pool_is_404()
    {
        var error = await Assert.ThrowsAsync<GeneratedClientError>(() => fixture.Driver().ListInboxesAsync("0123456789abcdef01234567", null, null, null, Ct));

        Assert.Equal((404, "Pool not found"), (error.Status, error.Error));
    }

    [Fact]
    public async Task An_existing_email_created_alone_is_409()
    {
        var existing = (await fixture.Driver().ListInboxesAsync(MainPool, null, 1, null, Ct)).Inboxes[0].EmailAddress;

        var error = await Assert.ThrowsAsync<GeneratedClientError>(() => fixture.Driver().CreateAsync(new InboxInput(existing, "pw", PoolId: MainPool), Ct));

        Assert.Equal((409, "Email already exists"), (error.Status, error.Error));
    }

    private static PoolView Pool(JsonElement p) =>
        new(p.GetProperty("id").GetString()!, p.GetProperty("name").GetString()!, p.GetProperty("inboxCount").GetInt32(), p.GetProperty("createdAt").GetDateTimeOffset());

    private static InboxPageView Page(JsonElement raw)
    {
        var pagination = raw.GetProperty("pagination");
        return new InboxPageView(
            [.. raw.GetProperty("inboxes").EnumerateArray().Select(i => new InboxView(
                i.GetProperty("id").GetString()!, i.GetProperty("emailAddress").GetString()!, i.GetProperty("poolId").GetString()!,
                i.GetProperty("status").GetString()!, i.GetProperty("dailySendingLimit").GetInt32(), i.GetProperty("createdAt").GetDateTimeOffset()))],
            pagination.GetProperty("total").GetInt32(), pagination.GetProperty("limit").GetInt32(), pagination.GetProperty("skip").GetInt32(),
            pagination.GetProperty("hasMore").GetBoolean());
    }
}

/// <summary>Kiota 1.38.0 (the tool manifest's), C#.</summary>
public sealed class KiotaClientTests(KiotaFixture fixture) : GeneratedClientTests<KiotaFixture>(fixture);

/// <summary>NSwag 14.7.1 (the tool manifest's), C# with Newtonsoft.Json; batch through the documented partial-class workaround.</summary>
public sealed class NSwagClientTests(NSwagFixture fixture) : GeneratedClientTests<NSwagFixture>(fixture);
