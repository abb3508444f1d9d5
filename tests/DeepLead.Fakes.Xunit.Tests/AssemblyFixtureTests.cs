using DeepLead.Fakes.Samples.Client;

[assembly: AssemblyFixture(typeof(DeepLead.Fakes.Xunit.Tests.AssemblyFake))]

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>
/// Three classes, so three collections that xUnit runs in parallel, all on the one assembly fake;
/// every test works in its own tenant and must see only its own inboxes.
/// </summary>
public sealed class AssemblyFixtureTestsA(AssemblyFake fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task A_tenant_sees_only_its_own_inboxes(int run) => TenantIsolation.CheckAsync(fixture, $"a{run}");
}

public sealed class AssemblyFixtureTestsB(AssemblyFake fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task A_tenant_sees_only_its_own_inboxes(int run) => TenantIsolation.CheckAsync(fixture, $"b{run}");

    [Fact]
    public void The_assembly_fixture_is_started_once()
    {
        Assert.Equal(1, AssemblyFake.Starts);
        Assert.Equal("Main Pool", Assert.Single(fixture.Fake.Pools).Name);
    }
}

public sealed class AssemblyFixtureTestsC(AssemblyFake fixture)
{
    [Fact]
    public async Task Twenty_tenants_working_at_once_never_see_each_others_data()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => TenantIsolation.CheckAsync(fixture, $"c{i}"), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_rule_on_one_tenant_does_not_touch_another()
    {
        using var failing = fixture.CreateTenant();
        using var healthy = fixture.CreateTenant();
        failing.AddRule(FakeRule.On("GET", "/pools").RespondWith(503));
        using var failingHttp = failing.CreateClient();
        using var healthyHttp = healthy.CreateClient();

        var error = await Assert.ThrowsAsync<DeepLeadApiException>(() => new DeepLeadClient(failingHttp).ListPoolsAsync(TestContext.Current.CancellationToken));
        var pools = await new DeepLeadClient(healthyHttp).ListPoolsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(pools);
        Assert.Single(failing.Journal.Calls);
        Assert.Single(healthy.Journal.Calls);
    }
}

internal static class TenantIsolation
{
    /// <summary>Creates inboxes under a tag in a fresh tenant, then checks the tenant lists exactly the scenario's and its own.</summary>
    public static async Task CheckAsync(AssemblyFake fixture, string tag)
    {
        var ct = TestContext.Current.CancellationToken;
        using var tenant = fixture.CreateTenant();
        using var http = tenant.CreateClient();
        var client = new DeepLeadClient(http, new DeepLeadClientOptions { PageSize = 4 });
        var scenarioInboxes = tenant.Inboxes.Count;
        NewInbox[] mine = [.. Enumerable.Range(0, 5).Select(i => new NewInbox { EmailAddress = $"{tag}.{i}@gmail.com", ImapPassword = "pw" })];

        var created = await client.CreateInboxesAsync(mine, ct);
        var listed = new List<Inbox>();
        await foreach (var inbox in client.ListInboxesAsync(cancellationToken: ct))
        {
            listed.Add(inbox);
        }

        Assert.True(created.Success);
        var tagged = listed.Where(i => i.EmailAddress.StartsWith(tag + ".", StringComparison.Ordinal)).ToList();
        Assert.Equal(mine.Select(m => m.EmailAddress), tagged.Select(i => i.EmailAddress));
        Assert.Equal(scenarioInboxes + mine.Length, listed.Count);
        Assert.Equal(listed.Count, tenant.Inboxes.Count);
        // Its journal holds its own calls only: one create, then one call per page of 4.
        Assert.Equal(1 + ((listed.Count + 3) / 4), tenant.Journal.Calls.Count);
    }
}
