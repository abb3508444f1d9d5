using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepLead.Fakes.Xunit.V2;
using Xunit;
using Xunit.Abstractions;

namespace DeepLead.Fakes.Samples.XunitV2;

/// <summary>The fake for this class: the shipped default scenario, with coverage.</summary>
public sealed class DefaultFake : DeepLeadFakeFixture
{
    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.TrackCoverage = true;
    }
}

/// <summary>xunit 2 tests: one fake per class, a tenant per test, the fake's log in each test's output.</summary>
public sealed class InboxTests : IClassFixture<DefaultFake>
{
    private readonly DefaultFake _fixture;
    private readonly ITestOutputHelper _output;

    public InboxTests(DefaultFake fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        // xunit 2 gives a fixture no ambient test: hand it this test's output.
        fixture.AttachOutput(output);
    }

    [Fact]
    public async Task Lists_the_documented_pool()
    {
        using var client = _fixture.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("pools"));

        var pool = Assert.Single(document.RootElement.GetProperty("pools").EnumerateArray());
        Assert.Equal("Main Pool", pool.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Creates_an_inbox_in_its_own_tenant()
    {
        using var tenant = _fixture.CreateTenant();
        using var client = tenant.CreateClient();

        using var created = await client.PostAsJsonAsync("inboxes", new { emailAddress = "v2-sample@gmail.com", imapPassword = "app-password" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains(tenant.Inboxes, i => i.EmailAddress == "v2-sample@gmail.com");
        Assert.DoesNotContain(_fixture.Fake.Inboxes, i => i.EmailAddress == "v2-sample@gmail.com");
    }

    [Fact]
    public async Task A_forced_503_carries_Retry_After()
    {
        using var tenant = _fixture.CreateTenant();
        tenant.AddRule(FakeRule.On("GET", "/pools").RespondWith(503).WithHeader("Retry-After", "2").Times(1));
        using var client = tenant.CreateClient();

        using var forced = await client.GetAsync("pools");
        using var next = await client.GetAsync("pools");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, forced.StatusCode);
        Assert.Equal("2", Assert.Single(forced.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task The_fakes_log_reaches_this_tests_output()
    {
        using var tenant = _fixture.CreateTenant();
        using var client = tenant.CreateClient();

        using var pools = await client.GetAsync("pools");

        // xunit 2's output helper keeps what was written (its concrete type says so; the interface does not).
        var written = ((global::Xunit.Sdk.TestOutputHelper)_output).Output;
        Assert.Matches(@"\[DeepLead fake\] GET /api/v1/pools -> 200 in \d+\.\d ms", written);
    }
}
