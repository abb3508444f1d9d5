using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace DeepLead.Fakes;

/// <summary>
/// Points a typed or named <see cref="HttpClient"/> of <c>IHttpClientFactory</c> at a running fake:
/// <code>
/// services.AddHttpClient&lt;DeepLeadClient&gt;().UseDeepLeadFake(fake);
/// services.AddHttpClient("deeplead").UseDeepLeadFake(tenant);
/// </code>
/// The client's primary handler becomes one that reaches the fake (a socket handler, or the in-memory one),
/// its <see cref="HttpClient.BaseAddress"/> the fake's <c>.../api/v1/</c> and its <c>Authorization</c> header a bearer key.
/// Call it after the production registration (in <c>ConfigureTestServices</c>, say): the last configuration wins.
/// </summary>
public static class DeepLeadHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends this client's requests to <paramref name="fake"/>, with <paramref name="apiKey"/>
    /// (by default <see cref="DeepLeadFake.ApiKey"/>: the first key with every permission, else the first key) as the bearer key.
    /// </summary>
    /// <returns>The same builder, for chaining.</returns>
    public static IHttpClientBuilder UseDeepLeadFake(this IHttpClientBuilder builder, DeepLeadFake fake, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fake);
        if (apiKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        }
        // The fake's key is read when each client is made, so a reloaded scenario's key is picked up.
        return Configure(builder, fake, () => apiKey ?? fake.ApiKey);
    }

    /// <summary>
    /// Sends this client's requests to the fake behind <paramref name="tenant"/>, with the tenant's key:
    /// the client sees only that tenant's pools, inboxes and rules.
    /// </summary>
    /// <returns>The same builder, for chaining.</returns>
    public static IHttpClientBuilder UseDeepLeadFake(this IHttpClientBuilder builder, DeepLeadTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tenant);
        var apiKey = tenant.ApiKey;
        return Configure(builder, tenant.Fake, () => apiKey);
    }

    private static IHttpClientBuilder Configure(IHttpClientBuilder builder, DeepLeadFake fake, Func<string> apiKey)
    {
        builder.ConfigurePrimaryHttpMessageHandler(fake.CreateHandler);
        builder.ConfigureHttpClient(client =>
        {
            client.BaseAddress = fake.BaseAddress;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey());
        });
        return builder;
    }
}
