using System.Net;
using System.Net.Http.Json;
using DeepLead.Fakes.Samples.App;
using DeepLead.Fakes.Samples.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>The app under test, hosted by WebApplicationFactory; its outgoing DeepLead calls go to the fake.</summary>
public sealed class WebApplicationFactoryTests(AssemblyFake fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class OnboardingFactory : WebApplicationFactory<OnboardingFactory>
    {
        protected override IHostBuilder CreateHostBuilder() => OnboardingApp.CreateHostBuilder();

        // The app lives in this test assembly rather than a web project of its own: its content root is the output folder.
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_apps_typed_client_calls_the_fake_for_this_test_only()
    {
        using var tenant = fixture.CreateTenant();
        await using var factory = new OnboardingFactory().WithWebHostBuilder(web =>
            web.ConfigureTestServices(services => services.AddHttpClient<DeepLeadClient>().UseDeepLeadFake(tenant)));
        using var app = factory.CreateClient();

        using var first = await app.PostAsJsonAsync("/onboarding", new { emailAddress = "new.hire@gmail.com", appPassword = "app-pw" }, Ct);
        using var again = await app.PostAsJsonAsync("/onboarding", new { emailAddress = "NEW.HIRE@gmail.com", appPassword = "app-pw" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var inbox = Assert.Single(tenant.Inboxes, i => i.EmailAddress == "new.hire@gmail.com");
        Assert.True(inbox.HasImapPassword("app-pw"));
        Assert.Equal(inbox.Id, (await first.Content.ReadFromJsonAsync<OnboardingApp.OnboardingResponse>(Ct))!.InboxId);
        Assert.Equal(inbox.Id, (await again.Content.ReadFromJsonAsync<OnboardingApp.OnboardingResponse>(Ct))!.InboxId);
        // The second onboarding met the 409 and found the inbox by paging.
        Assert.Equal([200, 409], tenant.Journal.CallsTo("POST", "/inboxes").Select(c => c.Status));
        Assert.Contains(tenant.Journal.Calls, c => c.Method == "GET" && c.Path == "/api/v1/inboxes");
    }

    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task The_app_reaches_the_fake_on_both_transports(FakeTransport transport)
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = transport, Pools = { new PoolDefinition { Name = "Onboarding" } } }, Ct);
        await using var factory = new OnboardingFactory().WithWebHostBuilder(web =>
            web.ConfigureTestServices(services => services.AddHttpClient<DeepLeadClient>().UseDeepLeadFake(fake)));
        using var app = factory.CreateClient();

        var pools = await app.GetFromJsonAsync<string[]>("/pools", Ct);

        Assert.Equal(["Onboarding"], pools!);
        Assert.Single(fake.Journal.CallsTo("GET", "/pools"));
    }

    [Fact]
    public async Task Without_the_fake_the_app_would_call_the_real_api()
    {
        // Guards the tests above: the production registration really points elsewhere, so reaching the fake proves the swap.
        await using var factory = new OnboardingFactory();
        // A typed client's HttpClient is the factory's client named after the type.
        using var http = factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DeepLeadClient));

        Assert.Equal(new Uri("https://app.deeplead.com/api/v1/"), http.BaseAddress);
        Assert.Equal("dl_production_key", http.DefaultRequestHeaders.Authorization!.Parameter);
    }
}
