using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>Plain HTTP against a running stub: the API with a key, the admin API with or without the admin token.</summary>
internal sealed class StubHttp : IDisposable
{
    public const string DefaultKey = "dl_your_api_key_here";

    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public StubHttp(Uri apiBase, string? adminToken = null)
    {
        Api = apiBase;
        Root = new Uri(apiBase, "/");
        AdminToken = adminToken;
    }

    public Uri Api { get; }
    public Uri Root { get; }
    public string? AdminToken { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A call to the API (<paramref name="path"/> relative to /api/v1/), with the given key (none when null).</summary>
    public Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, string? json = null, string? key = DefaultKey)
    {
        var request = new HttpRequestMessage(method, new Uri(Api, path));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return _client.SendAsync(request, Ct);
    }

    /// <summary>A call to an absolute path on the server (e.g. /__admin/deeplead/state), with the admin token when one is set.</summary>
    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? body = null, string? authorization = null, bool withToken = true)
    {
        var request = new HttpRequestMessage(method, new Uri(Root, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (withToken && AdminToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return _client.SendAsync(request, Ct);
    }

    public async Task<JsonElement> AdminJsonAsync(HttpMethod method, string path, string? body = null, int expectedStatus = 200)
    {
        using var response = await AdminAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) => Parse(await response.Content.ReadAsStringAsync(Ct));

    public void Dispose() => _client.Dispose();
}
