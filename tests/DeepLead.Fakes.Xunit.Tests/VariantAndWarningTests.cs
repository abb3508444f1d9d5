using System.Net;
using DeepLead.Fakes.Samples.Client;
using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>A client checked under every reading of the documentation the fake can switch, as a user writes it.</summary>
public sealed class VariantTests
{
    [Theory, ClassData(typeof(DeepLeadFakeVariants))]
    public async Task The_sample_client_creates_and_pages_under_every_variant(FakeVariant variant)
    {
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        variant.Apply(options);
        await using var fake = await DeepLeadFake.StartAsync(options, TestContext.Current.CancellationToken);
        using var http = fake.CreateClient("dl_your_api_key_here");
        var client = new DeepLeadClient(http, new DeepLeadClientOptions { PageSize = 3 });
        NewInbox[] mine = [.. Enumerable.Range(0, 4).Select(i => new NewInbox { EmailAddress = $"variant{i}@gmail.com", ImapPassword = "pw", PoolId = "507f1f77bcf86cd799439011" })];

        var created = await client.CreateInboxesAsync(mine, TestContext.Current.CancellationToken);
        var listed = new List<Inbox>();
        await foreach (var inbox in client.ListInboxesAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            listed.Add(inbox);
        }

        Assert.True(created.Success, variant.ToString());
        Assert.Equal(14, listed.Count);
        Assert.Equal(mine.Select(m => m.EmailAddress), listed.Where(i => i.EmailAddress.StartsWith("variant", StringComparison.Ordinal)).Select(i => i.EmailAddress));
    }

    [Fact]
    public void The_theory_data_holds_every_variant_once()
    {
        var rows = new DeepLeadFakeVariants().Select(row => row.Data).ToList();

        Assert.Equal(FakeVariants.All, rows);
        Assert.Equal(rows.Count, rows.Select(r => r.ToString()).Distinct().Count());
    }
}

/// <summary>A fixture that fails a test whose calls the fake partly ignored.</summary>
public sealed class FailOnWarningsFake : DeepLeadFakeFixture
{
    protected override bool FailOnWarnings => true;

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Transport = FakeTransport.InMemory;
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        // The typos below are near misses, a 400 by default: here they are ignored and reported, for FailOnWarnings to catch.
        options.NearMissNames = FakeLeniency.Ignore;
    }
}

public sealed class FailOnWarningsTests(FailOnWarningsFake fixture) : IClassFixture<FailOnWarningsFake>
{
    [Fact]
    public async Task A_clean_call_passes_and_a_partly_ignored_one_throws_at_the_call()
    {
        using var client = fixture.CreateClient();

        using var clean = await client.GetAsync("inboxes?limit=5", TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<FakeWarningException>(() => client.GetAsync("inboxes?limt=5", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Contains("ignored query parameter \"limt\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_client_throws_too()
    {
        using var tenant = fixture.CreateTenant();
        using var client = tenant.CreateClient();

        await Assert.ThrowsAsync<FakeWarningException>(() => client.PostAsync(
            "inboxes",
            new StringContent("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapPasword": "typo"}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken));
    }
}
