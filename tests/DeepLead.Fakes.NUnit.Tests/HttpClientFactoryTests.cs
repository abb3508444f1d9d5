using System.Net;
using System.Net.Http.Json;
using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.App;
using DeepLead.Fakes.Samples.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepLead.Fakes.NUnit.Tests;

[Parallelizable(ParallelScope.All)]
[TestFixture(FakeTransport.WireMock)]
[TestFixture(FakeTransport.InMemory)]
public sealed class HttpClientFactoryTests(FakeTransport transport) : DeepLeadTenantFixture
{
    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Transport = transport;
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
    }

    [Test]
    public async Task A_typed_client_for_the_tests_tenant_reaches_the_fake()
    {
        var services = new ServiceCollection();
        services.AddHttpClient<DeepLeadClient>(http => http.BaseAddress = new Uri("https://app.deeplead.com/api/v1/")).UseDeepLeadFake(Tenant);
        await using var provider = services.BuildServiceProvider();

        var created = await provider.GetRequiredService<DeepLeadClient>().CreateInboxAsync(new NewInbox { EmailAddress = "typed@gmail.com", ImapPassword = "pw" });

        Assert.That(Tenant.Inboxes.Select(i => i.Id), Does.Contain(created.Results[0].InboxId));
        Assert.That(Fake.Inboxes.Select(i => i.EmailAddress), Does.Not.Contain("typed@gmail.com"));
    }

    [Test]
    public async Task A_named_client_with_the_fakes_own_key_reaches_the_fake()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("deeplead").UseDeepLeadFake(Fake, "dl_read_only_key");
        await using var provider = services.BuildServiceProvider();
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("deeplead");

        using var response = await http.GetAsync("pools");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(http.DefaultRequestHeaders.Authorization!.Parameter, Is.EqualTo("dl_read_only_key"));
    }

    [Test]
    public async Task An_app_hosted_on_TestServer_calls_the_fake_through_its_typed_client()
    {
        using var host = await OnboardingApp.CreateHostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureTestServices(services => services.AddHttpClient<DeepLeadClient>().UseDeepLeadFake(Tenant)))
            .StartAsync();
        using var app = host.GetTestClient();

        using var response = await app.PostAsJsonAsync("/onboarding", new { emailAddress = "hosted@gmail.com", appPassword = "app-pw" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<OnboardingApp.OnboardingResponse>();
        var inbox = Tenant.Inboxes.Single(i => i.EmailAddress == "hosted@gmail.com");
        Assert.That(body!.InboxId, Is.EqualTo(inbox.Id));
        Assert.That(inbox.HasImapPassword("app-pw"), Is.True);
    }
}
