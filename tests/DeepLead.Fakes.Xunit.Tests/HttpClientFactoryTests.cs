using System.Net;
using System.Net.Http.Headers;
using DeepLead.Fakes.Samples.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DeepLead.Fakes.Xunit.Tests;

public sealed class HttpClientFactoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<FakeTransport> Transports => [FakeTransport.WireMock, FakeTransport.InMemory];

    private static Task<DeepLeadFake> StartAsync(FakeTransport transport) =>
        DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = transport, Scenarios = { ScenarioSource.Shipped("default") } }, Ct);

    /// <summary>Production registration first (real address, real key), as the app under test has it.</summary>
    private static IHttpClientBuilder AddProductionClient(IServiceCollection services) =>
        services.AddHttpClient<DeepLeadClient>(http =>
        {
            http.BaseAddress = new Uri("https://app.deeplead.com/api/v1/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_production_key");
        });

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_typed_client_registered_for_production_reaches_the_fake(FakeTransport transport)
    {
        await using var fake = await StartAsync(transport);
        var services = new ServiceCollection();
        AddProductionClient(services).UseDeepLeadFake(fake);
        await using var provider = services.BuildServiceProvider();

        var pools = await provider.GetRequiredService<DeepLeadClient>().ListPoolsAsync(Ct);

        Assert.Equal("Main Pool", Assert.Single(pools).Name);
        var call = Assert.Single(fake.Journal.CallsTo("GET", "/pools"));
        Assert.Equal(200, call.Status);
        Assert.Equal(fake.ApiKey[..4] + "…(" + fake.ApiKey.Length + ")", call.ApiKey);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_named_client_for_a_tenant_works_in_that_tenant_only(FakeTransport transport)
    {
        await using var fake = await StartAsync(transport);
        using var tenant = fake.CreateTenant();
        var services = new ServiceCollection();
        services.AddHttpClient("deeplead").UseDeepLeadFake(tenant);
        await using var provider = services.BuildServiceProvider();
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("deeplead");

        var created = await new DeepLeadClient(http).CreateInboxAsync(new NewInbox { EmailAddress = "named@gmail.com", ImapPassword = "pw" }, Ct);

        Assert.Equal(fake.BaseAddress, http.BaseAddress);
        Assert.True(created.Success);
        Assert.Contains(tenant.Inboxes, i => i.Id == created.Results[0].InboxId);
        Assert.DoesNotContain(fake.Inboxes, i => i.EmailAddress == "named@gmail.com");
        Assert.Single(tenant.Journal.Calls);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_key_can_be_chosen(FakeTransport transport)
    {
        await using var fake = await StartAsync(transport);
        var services = new ServiceCollection();
        AddProductionClient(services).UseDeepLeadFake(fake, "dl_read_only_key");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<DeepLeadClient>();

        var pools = await client.ListPoolsAsync(Ct);
        var refused = await Assert.ThrowsAsync<DeepLeadApiException>(() => client.CreateInboxAsync(new NewInbox { EmailAddress = "ro@gmail.com", ImapPassword = "pw" }, Ct));

        Assert.Single(pools);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_client_made_after_the_fake_stopped_fails_clearly()
    {
        var fake = await StartAsync(FakeTransport.InMemory);
        var services = new ServiceCollection();
        AddProductionClient(services).UseDeepLeadFake(fake);
        await using var provider = services.BuildServiceProvider();
        await fake.DisposeAsync();

        var error = Assert.Throws<ObjectDisposedException>(() => provider.GetRequiredService<DeepLeadClient>());

        Assert.Equal(typeof(DeepLeadFake).FullName, error.ObjectName);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var builder = new ServiceCollection().AddHttpClient("x");

        Assert.Throws<ArgumentNullException>(() => builder.UseDeepLeadFake((DeepLeadFake)null!));
        Assert.Throws<ArgumentNullException>(() => builder.UseDeepLeadFake((DeepLeadTenant)null!));
        Assert.Throws<ArgumentNullException>(() => ((IHttpClientBuilder)null!).UseDeepLeadFake((DeepLeadTenant)null!));
    }
}
