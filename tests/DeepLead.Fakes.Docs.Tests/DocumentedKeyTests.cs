using System.Net;
using System.Reflection;
using System.Text;
using DeepLead.Fakes;

namespace DeepLead.Fakes.Docs.Tests;

/// <summary>Issue 26, finding 9: <c>fake.ApiKey</c> is what the fixtures page says it is, in every world the fake ships.</summary>
public sealed class DocumentedKeyTests
{
    private static readonly string Root = typeof(DocumentedKeyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fixtures_page_says_which_key_a_scenario_without_a_full_key_hands_out_and_the_fake_does_so()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "fixtures.md"));
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(ScenarioSource.Shipped("read-only-key"));
        await using var readOnly = await DeepLeadFake.StartAsync(options, Ct);
        using var client = readOnly.CreateClient();
        var withFullKey = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        withFullKey.Scenarios.Add(ScenarioSource.Shipped("read-only-key"));
        withFullKey.ApiKeys.Add(new FakeApiKey("dl_full_key"));
        await using var full = await DeepLeadFake.StartAsync(withFullKey, Ct);

        using var created = await client.PostAsync("inboxes", new StringContent("""{"emailAddress": "a@gmail.com", "imapPassword": "p"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Contains("`fake.ApiKey` is the key `CreateClient()` sends: the first key with every permission, else (when no key has every permission, as in the shipped `read-only-key` scenario) the first key configured, whose creates are then 403", page, StringComparison.Ordinal);
        Assert.DoesNotContain("`fake.ApiKey` is a key with every permission", page, StringComparison.Ordinal);
        Assert.Equal("dl_read_only_key", readOnly.ApiKey);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal("dl_full_key", full.ApiKey);
    }
}
