using System.Collections.Concurrent;
using System.Net;
using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.Client;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>A fixture with a fake of its own, configured in code; its tests run in parallel, each in its own tenant.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FixtureTests : DeepLeadTenantFixture
{
    private const string ExtraPoolId = "0000000000000000000000bb";
    private static readonly ConcurrentDictionary<string, string> KeysByTest = new();

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.Pools.Add(new PoolDefinition { Id = ExtraPoolId, Name = "Configured in code" });
    }

    [Test]
    public async Task Configure_applies_the_scenario_then_the_code_options()
    {
        using var http = Tenant.CreateClient();

        var pools = await new DeepLeadClient(http).ListPoolsAsync();

        Assert.That(pools.Select(p => p.Id), Is.EqualTo(new[] { "507f1f77bcf86cd799439011", ExtraPoolId }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    public async Task Each_test_has_a_tenant_of_its_own(int run)
    {
        var tenant = Tenant;
        Assert.That(KeysByTest.TryAdd(tenant.ApiKey, TestContext.CurrentContext.Test.Name), Is.True, "a tenant key was handed to two tests");
        Assert.That(Tenant, Is.SameAs(tenant), "the tenant changed within one test");
        var scenarioInboxes = tenant.Inboxes.Count;
        using var http = tenant.CreateClient();
        var client = new DeepLeadClient(http, new DeepLeadClientOptions { PageSize = 3 });
        NewInbox[] mine = [.. Enumerable.Range(0, 4).Select(i => new NewInbox { EmailAddress = $"run{run}.{i}@gmail.com", ImapPassword = "pw" })];

        var created = await client.CreateInboxesAsync(mine);
        var listed = new List<Inbox>();
        await foreach (var inbox in client.ListInboxesAsync())
        {
            listed.Add(inbox);
        }

        Assert.That(created.Success, Is.True);
        Assert.That(listed, Has.Count.EqualTo(scenarioInboxes + mine.Length));
        Assert.That(listed.Where(i => i.EmailAddress.StartsWith("run", StringComparison.Ordinal)).Select(i => i.EmailAddress), Is.EqualTo(mine.Select(m => m.EmailAddress)));
        Assert.That(Fake.Inboxes, Has.Count.EqualTo(scenarioInboxes), "the shared fake's own state changed");
    }

    [Test]
    public async Task A_rule_added_in_one_test_stays_in_that_test()
    {
        Tenant.AddRule(FakeRule.On("GET", "/pools").RespondWith(503));
        using var http = Tenant.CreateClient();
        using var neighbour = Fake.CreateTenant();
        using var neighbourHttp = neighbour.CreateClient();

        var error = Assert.ThrowsAsync<DeepLeadApiException>(() => new DeepLeadClient(http).ListPoolsAsync());
        var pools = await new DeepLeadClient(neighbourHttp).ListPoolsAsync();

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(pools, Has.Count.EqualTo(2));
    }
}
