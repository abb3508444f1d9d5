using System.Net;
using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.Client;

namespace DeepLead.Fakes.Samples.NUnit;

/// <summary>
/// Our DeepLead client against the run's shared fake. The tests run in parallel; each works in its own tenant
/// (<see cref="DeepLeadTenantFixture.Tenant"/>), a fresh copy of the world behind its own key.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DeepLeadClientTests : DeepLeadTenantFixture
{
    protected override DeepLeadFakeFixture SharedFakeFixture => DeepLeadSetUp.FakeFixture;

    private DeepLeadClient Client(int pageSize = 100) =>
        new(Tenant.CreateClient(), new DeepLeadClientOptions { PageSize = pageSize, RetryDelay = TimeSpan.Zero });

    [Test]
    public async Task Lists_every_inbox_page_by_page_until_hasMore_is_false()
    {
        var inboxes = new List<Inbox>();
        await foreach (var inbox in Client(pageSize: 10).ListInboxesAsync())
        {
            inboxes.Add(inbox);
        }

        Assert.That(inboxes, Has.Count.EqualTo(35)); // the scenario's 10 and our 25
        Assert.That(inboxes.Select(i => i.Id), Is.Unique);
        Assert.That(inboxes.Select(i => i.Id), Is.EqualTo(Tenant.Inboxes.Select(i => i.Id)));
        var pages = Tenant.Journal.CallsTo("GET", "/inboxes");
        Assert.That(pages.Select(c => c.Query), Is.EqualTo(new[] { "skip=0&limit=10", "skip=10&limit=10", "skip=20&limit=10", "skip=30&limit=10" }));
        Assert.That(pages[^1].ResponseJson()!.Value.GetProperty("pagination").GetProperty("hasMore").GetBoolean(), Is.False);
    }

    [Test]
    public async Task A_batch_with_partial_failures_creates_the_good_items_and_reports_the_rest()
    {
        Tenant.AddRule(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@reject.example").FailItem(400, "Mailbox rejected by provider"));

        var result = await Client().CreateInboxesAsync(
        [
            new NewInbox { EmailAddress = "new.one@gmail.com", ImapPassword = "pw1", PoolId = DeepLeadSetUp.MainPool },
            new NewInbox { EmailAddress = "someone@reject.example", ImapPassword = "pw2", Provider = "google" },
            new NewInbox { EmailAddress = "team00@gmail.com", ImapPassword = "pw3" },
            new NewInbox { EmailAddress = "new.two@outlook.com", ImapPassword = "pw4", PoolId = DeepLeadSetUp.MainPool },
        ]);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Summary, Is.EqualTo(new CreateSummary(4, 2, 2)));
        Assert.That(result.Failures.Select(f => (f.EmailAddress, f.Error)), Is.EqualTo(new[]
        {
            ("someone@reject.example", "Mailbox rejected by provider"),
            ("team00@gmail.com", "Email already exists"),
        }));
        Assert.That(Tenant.Inboxes.Select(i => i.EmailAddress), Does.Contain("new.one@gmail.com").And.Contain("new.two@outlook.com").And.No.Contain("someone@reject.example"));
    }

    [Test]
    public async Task Retries_a_create_after_500s()
    {
        Tenant.AddRule(FakeRule.On("POST", "/inboxes").Times(2).RespondWith(500));

        var result = await Client().CreateInboxAsync(new NewInbox { EmailAddress = "retried@gmail.com", ImapPassword = "pw" });

        Assert.That(result.Success, Is.True);
        Assert.That(Tenant.Journal.CallsTo("POST", "/inboxes").Select(c => c.Status), Is.EqualTo(new[] { 500, 500, 200 }));
    }

    [Test]
    public void Gives_up_after_three_500s_with_the_apis_error()
    {
        Tenant.AddRule(FakeRule.On("GET", "/pools").RespondWith(500, "Database unavailable"));

        var error = Assert.ThrowsAsync<DeepLeadApiException>(() => Client().ListPoolsAsync());

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.Error, Is.EqualTo("Database unavailable"));
        Assert.That(Tenant.Journal.CallsTo("GET", "/pools"), Has.Count.EqualTo(3));
    }

    [Test]
    public void A_wrong_key_is_a_typed_401()
    {
        using var http = Fake.CreateClient("dl_revoked_key");

        var error = Assert.ThrowsAsync<DeepLeadApiException>(() => new DeepLeadClient(http).ListPoolsAsync());

        Assert.That(error!.IsUnauthorized, Is.True);
        Assert.That(error.Error, Is.Not.Empty);
        Assert.That(error.Message, Does.Not.Contain("dl_revoked_key"));
    }

    [Test]
    public void A_duplicate_address_is_a_typed_409()
    {
        var error = Assert.ThrowsAsync<DeepLeadApiException>(() =>
            Client().CreateInboxAsync(new NewInbox { EmailAddress = "TEAM07@gmail.com", ImapPassword = "pw" }));

        Assert.That(error!.IsConflict, Is.True);
        Assert.That(error.Error, Is.EqualTo("Email already exists"));
    }

    [Test]
    public async Task Ensure_treats_a_409_as_already_done_and_returns_the_existing_inbox()
    {
        var existing = Tenant.Inboxes.Single(i => i.EmailAddress == "team24@gmail.com");

        var id = await Client(pageSize: 10).EnsureInboxAsync(new NewInbox { EmailAddress = "Team24@gmail.com", ImapPassword = "pw" });

        Assert.That(id, Is.EqualTo(existing.Id));
        Assert.That(Tenant.Journal.CallsTo("POST", "/inboxes").Select(c => c.Status), Is.EqualTo(new[] { 409 }));
    }
}
