using System.Net.Http.Headers;
using DeepLead.Fakes.Samples.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepLead.Fakes.Samples.App;

/// <summary>
/// A user's web app, the code under test: it onboards a mailbox into DeepLead through the typed client, which it
/// registers with IHttpClientFactory against the real API. Tests swap only the DeepLead connection.
/// (Shared by the xUnit and NUnit test projects.)
/// </summary>
public static class OnboardingApp
{
    public sealed record OnboardingRequest(string EmailAddress, string AppPassword);

    public sealed record OnboardingResponse(string InboxId);

    /// <summary>The app's host, as its Program would build it.</summary>
    public static IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DeepLead:BaseUrl"] = "https://app.deeplead.com/api/v1/",
                ["DeepLead:ApiKey"] = "dl_production_key",
            }))
            .ConfigureWebHost(web => web
                .ConfigureServices(AddServices)
                .Configure(MapEndpoints));

    private static void AddServices(IServiceCollection services)
    {
        services.AddRouting();
        services.AddHttpClient<DeepLeadClient>((provider, http) =>
        {
            var config = provider.GetRequiredService<IConfiguration>();
            http.BaseAddress = new Uri(config["DeepLead:BaseUrl"]!);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config["DeepLead:ApiKey"]);
        });
    }

    private static void MapEndpoints(IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapPost("/onboarding", async (OnboardingRequest request, DeepLeadClient deepLead, CancellationToken cancellationToken) =>
            {
                var inboxId = await deepLead.EnsureInboxAsync(new NewInbox { EmailAddress = request.EmailAddress, ImapPassword = request.AppPassword }, cancellationToken);
                return Results.Ok(new OnboardingResponse(inboxId));
            });
            endpoints.MapGet("/pools", async (DeepLeadClient deepLead, CancellationToken cancellationToken) =>
                (await deepLead.ListPoolsAsync(cancellationToken)).Select(p => p.Name).ToList());
        });
    }
}
