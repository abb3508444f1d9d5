using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.Client;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>A whole fixture run under every reading of the documentation the fake can switch, as a user writes it.</summary>
[TestFixtureSource(typeof(DeepLeadFakeVariants), nameof(DeepLeadFakeVariants.Fixtures))]
[Parallelizable(ParallelScope.All)]
public sealed class VariantFixtureTests(FakeVariant variant) : DeepLeadTenantFixture
{
    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Transport = FakeTransport.InMemory;
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        variant.Apply(options);
    }

    [Test]
    public async Task The_sample_client_creates_and_pages()
    {
        using var http = Tenant.CreateClient();
        var client = new DeepLeadClient(http, new DeepLeadClientOptions { PageSize = 3 });
        NewInbox[] mine = [.. Enumerable.Range(0, 4).Select(i => new NewInbox { EmailAddress = $"variant{i}@gmail.com", ImapPassword = "pw", PoolId = "507f1f77bcf86cd799439011" })];

        var created = await client.CreateInboxesAsync(mine);
        var listed = new List<Inbox>();
        await foreach (var inbox in client.ListInboxesAsync())
        {
            listed.Add(inbox);
        }

        Assert.That(created.Success, Is.True);
        Assert.That(listed, Has.Count.EqualTo(14));
        Assert.That(listed.Where(i => i.EmailAddress.StartsWith("variant", StringComparison.Ordinal)).Select(i => i.EmailAddress), Is.EqualTo(mine.Select(m => m.EmailAddress)));
    }

    [Test]
    public void The_fixture_is_named_after_its_variant() =>
        Assert.That(TestContext.CurrentContext.Test.FullName, Does.Contain($"({variant})"));
}

public sealed class VariantSourceTests
{
    [TestCaseSource(typeof(DeepLeadFakeVariants), nameof(DeepLeadFakeVariants.Cases))]
    public async Task One_test_under_every_variant(FakeVariant variant)
    {
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        variant.Apply(options);
        await using var fake = await DeepLeadFake.StartAsync(options);
        using var http = fake.CreateClient();

        var created = await new DeepLeadClient(http).CreateInboxAsync(new NewInbox { EmailAddress = "one@gmail.com", ImapPassword = "pw" });

        Assert.That(created.Results.Single().Success, Is.True);
        Assert.That(TestContext.CurrentContext.Test.Name, Does.Contain(variant.ToString()));
    }

    [Test]
    public void The_sources_hold_every_variant_once()
    {
        Assert.That(DeepLeadFakeVariants.Fixtures.Select(f => f.Arguments[0]), Is.EqualTo(FakeVariants.All));
        Assert.That(DeepLeadFakeVariants.Cases.Select(c => c.Arguments[0]), Is.EqualTo(FakeVariants.All));
    }
}

/// <summary>A fixture that fails a test whose calls the fake partly ignored.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FailOnWarningsFixtureTests : DeepLeadTenantFixture
{
    protected override bool FailOnWarnings => true;

    protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));

    [Test]
    public async Task Clean_calls_pass_the_tear_down_check()
    {
        using var http = Tenant.CreateClient();

        using var pools = await http.GetAsync("pools");
        using var page = await http.GetAsync("inboxes?limit=2&skip=1");

        Assert.That((int)pools.StatusCode, Is.EqualTo(200));
        Assert.That((int)page.StatusCode, Is.EqualTo(200));
        Assert.That(Tenant.Journal.Calls.SelectMany(c => c.Warnings), Is.Empty);
    }
}

public sealed class FailOnWarningsFakeFixtureTests
{
    [Test]
    public async Task The_end_of_a_test_fails_it_for_calls_the_fake_partly_ignored_by_any_client()
    {
        await using var fixture = await DeepLeadFakeFixture.StartAsync(o => o.Scenarios.Add(ScenarioSource.Shipped("default")));
        var tenant = fixture.Tenant;
        // A client of the user's own, not the fake's: the warning reaches the test only through the tenant's journal.
        using var http = new HttpClient { BaseAddress = tenant.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.ApiKey);

        using var response = await http.GetAsync("inboxes?poolId=");
        var error = Assert.Throws<FakeWarningException>(() => fixture.EndTest(failOnWarnings: true));

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(error!.Message, Does.Contain("GET /api/v1/inboxes: ignored query parameter \"poolId\" (empty value)"));
    }

    [Test]
    public async Task With_fail_on_warnings_the_tenant_s_client_throws_at_the_call_and_the_end_of_the_test_fails_too()
    {
        await using var fixture = await DeepLeadFakeFixture.StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Shipped("default"));
            o.FailOnWarnings = true;
        });
        using var http = fixture.Tenant.CreateClient();

        var atCall = Assert.ThrowsAsync<FakeWarningException>(() => http.GetAsync("pools?_=1700000000"));
        var atEnd = Assert.Throws<FakeWarningException>(() => fixture.EndTest());

        Assert.That(atCall!.Message, Does.Contain("ignored query parameter \"_\""));
        Assert.That(atEnd!.Message, Does.Contain("GET /api/v1/pools"));
    }

    [Test]
    public async Task A_test_without_warnings_ends_quietly()
    {
        await using var fixture = await DeepLeadFakeFixture.StartAsync(o => o.Scenarios.Add(ScenarioSource.Shipped("default")));
        using var http = fixture.Tenant.CreateClient();

        using var response = await http.GetAsync("inboxes");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.DoesNotThrow(() => fixture.EndTest(failOnWarnings: true));
    }
}
