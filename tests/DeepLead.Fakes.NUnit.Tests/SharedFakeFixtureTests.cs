using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.Client;

namespace DeepLead.Fakes.NUnit.Tests.Shared;

/// <summary>One fake for every fixture in this namespace, started once for the run.</summary>
[SetUpFixture]
public sealed class SharedDeepLeadFake
{
    private static int _starts;

    public static DeepLeadFakeFixture FakeFixture { get; private set; } = null!;

    public static int Starts => Volatile.Read(ref _starts);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Interlocked.Increment(ref _starts);
        FakeFixture = await DeepLeadFakeFixture.StartAsync(options => options.Scenarios.Add(ScenarioSource.Shipped("default")));
    }

    [OneTimeTearDown]
    public ValueTask StopAsync() => FakeFixture.DisposeAsync();
}

/// <summary>The base class on the shared fake.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class BaseClassOnTheSharedFake : DeepLeadTenantFixture
{
    protected override DeepLeadFakeFixture? SharedFakeFixture => SharedDeepLeadFake.FakeFixture;

    [Test]
    public void Uses_the_shared_fake()
    {
        Assert.That(Fake, Is.SameAs(SharedDeepLeadFake.FakeFixture.Fake));
        Assert.That(Tenant, Is.SameAs(SharedDeepLeadFake.FakeFixture.Tenant));
        Assert.That(SharedDeepLeadFake.Starts, Is.EqualTo(1));
    }

    [TestCase("x")]
    [TestCase("y")]
    [TestCase("z")]
    public Task A_tenant_per_test(string tag) => SharedTenant.CheckAsync(Tenant, tag);
}

/// <summary>The fake fixture used directly, without the base class: the test ends its tenant itself.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FakeFixtureUsedDirectly
{
    private static DeepLeadFakeFixture FakeFixture => SharedDeepLeadFake.FakeFixture;

    [TearDown]
    public void EndTest() => FakeFixture.EndTest();

    [TestCase("p")]
    [TestCase("q")]
    [TestCase("r")]
    public Task A_tenant_per_test(string tag) => SharedTenant.CheckAsync(FakeFixture.Tenant, tag);

    [Test]
    public async Task EndTest_revokes_the_tests_tenant_and_the_next_use_gets_a_fresh_one()
    {
        var first = FakeFixture.Tenant;
        first.AddRule(FakeRule.OnAnyRequest().RespondWith(500));

        FakeFixture.EndTest();
        var second = FakeFixture.Tenant;

        Assert.That(second.ApiKey, Is.Not.EqualTo(first.ApiKey));
        using var revoked = first.CreateClient();
        using var fresh = second.CreateClient();
        using var revokedResponse = await revoked.GetAsync("pools");
        using var freshResponse = await fresh.GetAsync("pools");
        Assert.That(revokedResponse.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That(freshResponse.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }
}

internal static class SharedTenant
{
    public static async Task CheckAsync(DeepLeadTenant tenant, string tag)
    {
        using var http = tenant.CreateClient();
        var client = new DeepLeadClient(http);

        var created = await client.CreateInboxAsync(new NewInbox { EmailAddress = $"{tag}@gmail.com", ImapPassword = "pw" });
        var page = await client.ListInboxPageAsync(0, 1000);

        Assert.That(created.Success, Is.True);
        Assert.That(page.Inboxes.Where(i => i.EmailAddress.Length == "x@gmail.com".Length).Select(i => i.EmailAddress), Is.EqualTo(new[] { $"{tag}@gmail.com" }));
        Assert.That(page.Pagination.Total, Is.EqualTo(11));
        Assert.That(tenant.Journal.Calls, Has.Count.EqualTo(2));
    }
}
