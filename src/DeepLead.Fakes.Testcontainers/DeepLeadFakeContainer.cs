using System.Net.Http.Headers;
using DotNet.Testcontainers.Containers;

namespace DeepLead.Fakes.Testcontainers;

/// <summary>
/// The DeepLead fake running in a container (made by <see cref="DeepLeadFakeBuilder"/>): its addresses, a ready
/// <see cref="HttpClient"/> for the API and the typed admin client. Addresses are known once the container has started.
/// </summary>
public sealed class DeepLeadFakeContainer : DockerContainer
{
    /// <summary>The key of the image's default scenario (every permission), as in DeepLead's documentation.</summary>
    public const string DefaultApiKey = "dl_your_api_key_here";

    private readonly DeepLeadFakeConfiguration _configuration;

    /// <summary>A container with this configuration (use <see cref="DeepLeadFakeBuilder"/>).</summary>
    public DeepLeadFakeContainer(DeepLeadFakeConfiguration configuration)
        : base(configuration)
    {
        _configuration = configuration;
    }

    /// <summary>The stub's root address on this machine, e.g. <c>http://127.0.0.1:32768/</c>.</summary>
    public Uri Address => new UriBuilder(Uri.UriSchemeHttp, Hostname, GetMappedPublicPort(DeepLeadFakeBuilder.ApiPort)).Uri;

    /// <summary>The API's base address (…/api/v1/): what the code under test uses instead of DeepLead's.</summary>
    public Uri ApiAddress => new(Address, "api/v1/");

    /// <summary>The admin token the stub requires, when the builder set one.</summary>
    public string? AdminToken => _configuration.AdminToken;

    /// <summary>
    /// A client for the API: <see cref="HttpClient.BaseAddress"/> is <see cref="ApiAddress"/> and the key is sent as a
    /// Bearer token (the default scenario's <see cref="DefaultApiKey"/> unless given). The caller disposes it.
    /// </summary>
    public HttpClient CreateClient(string apiKey = DefaultApiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var client = new HttpClient { BaseAddress = ApiAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>The typed admin client (reset, scenarios, rules, journal, state), with the admin token. The caller disposes it.</summary>
    public DeepLeadStubClient CreateAdminClient() => new(Address, AdminToken);
}
