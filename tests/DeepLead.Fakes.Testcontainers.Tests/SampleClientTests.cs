using DeepLead.Fakes.Samples.Client;

namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// The sample of the module's use: the sample's DeepLead client (tests/DeepLead.Fakes.Samples.Client) tested against one
/// container shared by the class, reset before each test through the admin client.
/// </summary>
public sealed class DeepLeadContainerFixture : IAsyncLifetime
{
    public DeepLeadFakeContainer Fake { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var artifacts = await StubImage.GetAsync();
        Fake = new DeepLeadFakeBuilder(artifacts.Image).WithScenario("shipped:default").WithAdminToken("sample-admin-token").Build();
        await Fake.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Fake is not null)
        {
            await Fake.DisposeAsync();
        }
    }
}

public sealed class SampleClientTests(DeepLeadContainerFixture container) : IClassFixture<DeepLeadContainerFixture>, IAsyncLifetime
{
    private readonly DeepLeadStubClient _admin = container.Fake.CreateAdminClient();
    private readonly HttpClient _http = container.Fake.CreateClient();

    private static CancellationToken Ct => DockerEnvironment.Ct;

    private DeepLeadClient Client => new(_http, new DeepLeadClientOptions { RetryDelay = TimeSpan.Zero });

    // A fresh copy of the scenario's world, and an empty journal, for each test.
    public async ValueTask InitializeAsync()
    {
        await _admin.ResetAsync(Ct);
        await _admin.ClearJournalAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task EnsureInbox_finds_the_inbox_it_created_when_the_address_is_taken()
    {
        var inbox = new NewInbox { EmailAddress = "sales@company.com", ImapPassword = "your-app-password", Provider = "google" };

        var created = await Client.EnsureInboxAsync(inbox, Ct);
        var again = await Client.EnsureInboxAsync(inbox, Ct);

        Assert.Equal(created, again);
        var calls = (await _admin.GetJournalAsync(cancellationToken: Ct)).Calls;
        Assert.Equal(
            [("POST", "/api/v1/inboxes", 200), ("POST", "/api/v1/inboxes", 409), ("GET", "/api/v1/inboxes", 200)],
            calls.Select(c => (c.Method, c.Path, c.Status)));
    }

    [Fact]
    public async Task A_500_is_retried_and_the_second_attempt_creates_the_inbox()
    {
        await _admin.AddRulesAsync("""{"match": {"method": "POST", "path": "/inboxes"}, "respond": {"status": 500}, "times": 1}""", Ct);

        var result = await Client.CreateInboxAsync(new NewInbox { EmailAddress = "retry@company.com", ImapPassword = "pw", Provider = "google" }, Ct);

        Assert.True(result.Success);
        var calls = (await _admin.GetJournalAsync(cancellationToken: Ct)).Calls;
        Assert.Equal([500, 200], calls.Select(c => c.Status));
    }
}
