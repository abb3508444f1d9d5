using System.Net;
using DeepLead.Fakes.Samples.Client;
using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Samples.Xunit;

/// <summary>The fake this class's tests share: the documented world, plus 25 more inboxes to page through.</summary>
public sealed class MainPoolDeepLead : DeepLeadFakeFixture
{
    public const string MainPool = "507f1f77bcf86cd799439011";

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        for (var i = 0; i < 25; i++)
        {
            options.Inboxes.Add(new InboxDefinition { EmailAddress = $"team{i:D2}@gmail.com", PoolId = MainPool });
        }
    }
}

/// <summary>
/// Our DeepLead client against the fake. One fake for the class; each test takes a tenant, a fresh copy of that world
/// behind its own key, so no test sees what another created or forced.
/// </summary>
public sealed class DeepLeadClientTests(MainPoolDeepLead deepLead) : IClassFixture<MainPoolDeepLead>, IDisposable
{
    private readonly DeepLeadTenant _tenant = deepLead.CreateTenant();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _tenant.Dispose();

    private DeepLeadClient Client(int pageSize = 100) =>
        new(_tenant.CreateClient(), new DeepLeadClientOptions { PageSize = pageSize, RetryDelay = TimeSpan.Zero });

    [Fact]
    public async Task Lists_every_inbox_page_by_page_until_hasMore_is_false()
    {
        var inboxes = new List<Inbox>();
        await foreach (var inbox in Client(pageSize: 10).ListInboxesAsync(cancellationToken: Ct))
        {
            inboxes.Add(inbox);
        }

        Assert.Equal(35, inboxes.Count); // the scenario's 10 and our 25
        Assert.Equal(inboxes.Count, inboxes.Select(i => i.Id).Distinct().Count());
        Assert.Equal(_tenant.Inboxes.Select(i => i.Id), inboxes.Select(i => i.Id));
        var pages = _tenant.Journal.CallsTo("GET", "/inboxes");
        Assert.Equal(["skip=0&limit=10", "skip=10&limit=10", "skip=20&limit=10", "skip=30&limit=10"], pages.Select(c => c.Query));
        Assert.False(pages[^1].ResponseJson()!.Value.GetProperty("pagination").GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Filters_by_status()
    {
        var paused = new List<Inbox>();
        await foreach (var inbox in Client(pageSize: 2).ListInboxesAsync(MainPoolDeepLead.MainPool, "paused", Ct))
        {
            paused.Add(inbox);
        }

        Assert.NotEmpty(paused);
        Assert.All(paused, i => Assert.Equal("paused", i.Status));
        Assert.Equal(_tenant.Inboxes.Count(i => i.Status == InboxStatus.Paused), paused.Count);
    }

    [Fact]
    public async Task A_batch_with_partial_failures_creates_the_good_items_and_reports_the_rest()
    {
        _tenant.AddRule(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@reject.example").FailItem(400, "Mailbox rejected by provider"));

        var result = await Client().CreateInboxesAsync(
        [
            new NewInbox { EmailAddress = "new.one@gmail.com", ImapPassword = "pw1", PoolId = MainPoolDeepLead.MainPool },
            new NewInbox { EmailAddress = "someone@reject.example", ImapPassword = "pw2", Provider = "google" },
            new NewInbox { EmailAddress = "team00@gmail.com", ImapPassword = "pw3" },
            new NewInbox { EmailAddress = "new.two@outlook.com", ImapPassword = "pw4", PoolId = MainPoolDeepLead.MainPool },
        ], Ct);

        Assert.False(result.Success);
        Assert.Equal(new CreateSummary(4, 2, 2), result.Summary);
        Assert.Equal(
            [("someone@reject.example", "Mailbox rejected by provider"), ("team00@gmail.com", "Email already exists")],
            result.Failures.Select(f => (f.EmailAddress, f.Error)));
        Assert.Null(result.AutoCreatedPool); // the item without a pool failed, so no pool was made for it
        Assert.Contains(_tenant.Inboxes, i => i.EmailAddress == "new.one@gmail.com" && i.HasImapPassword("pw1"));
        Assert.DoesNotContain(_tenant.Inboxes, i => i.EmailAddress == "someone@reject.example");
        Assert.Equal(2, _tenant.Journal.FailedItems.Count);
    }

    [Fact]
    public async Task Retries_a_create_after_500s()
    {
        _tenant.AddRule(FakeRule.On("POST", "/inboxes").Times(2).RespondWith(500));

        var result = await Client().CreateInboxAsync(new NewInbox { EmailAddress = "retried@gmail.com", ImapPassword = "pw" }, Ct);

        Assert.True(result.Success);
        Assert.Equal([500, 500, 200], _tenant.Journal.CallsTo("POST", "/inboxes").Select(c => c.Status));
        Assert.Single(_tenant.Inboxes, i => i.EmailAddress == "retried@gmail.com");
    }

    [Fact]
    public async Task Gives_up_after_three_500s_with_the_apis_error()
    {
        _tenant.AddRule(FakeRule.On("GET", "/pools").RespondWith(500, "Database unavailable"));

        var error = await Assert.ThrowsAsync<DeepLeadApiException>(() => Client().ListPoolsAsync(Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("Database unavailable", error.Error);
        Assert.Equal(3, _tenant.Journal.CallsTo("GET", "/pools").Count);
    }

    [Fact]
    public async Task A_wrong_key_is_a_typed_401_and_is_not_retried()
    {
        using var http = deepLead.CreateClient("dl_revoked_key");

        var error = await Assert.ThrowsAsync<DeepLeadApiException>(() => new DeepLeadClient(http).ListPoolsAsync(Ct));

        Assert.True(error.IsUnauthorized);
        Assert.False(string.IsNullOrEmpty(error.Error));
        Assert.DoesNotContain("dl_revoked_key", error.Message, StringComparison.Ordinal);
        Assert.Single(deepLead.Fake.Journal.UnauthorizedCalls, c => c.Path == "/api/v1/pools");
    }

    [Fact]
    public async Task A_duplicate_address_is_a_typed_409()
    {
        var error = await Assert.ThrowsAsync<DeepLeadApiException>(() =>
            Client().CreateInboxAsync(new NewInbox { EmailAddress = "TEAM07@gmail.com", ImapPassword = "pw" }, Ct));

        Assert.True(error.IsConflict);
        Assert.Equal("Email already exists", error.Error);
    }

    [Fact]
    public async Task Ensure_treats_a_409_as_already_done_and_returns_the_existing_inbox()
    {
        var existing = _tenant.Inboxes.Single(i => i.EmailAddress == "team24@gmail.com");

        var id = await Client(pageSize: 10).EnsureInboxAsync(new NewInbox { EmailAddress = "Team24@gmail.com", ImapPassword = "pw" }, Ct);

        Assert.Equal(existing.Id, id);
        Assert.Equal([409], _tenant.Journal.CallsTo("POST", "/inboxes").Select(c => c.Status));
    }

    [Fact]
    public async Task A_validation_error_carries_the_fields()
    {
        var error = await Assert.ThrowsAsync<DeepLeadApiException>(() =>
            Client().CreateInboxAsync(new NewInbox { EmailAddress = "user@custom-domain.example", ImapPassword = "pw" }, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["imapHost", "imapPort", "smtpHost", "smtpPort"], error.Details.Select(d => d.Field).Order());
    }
}
