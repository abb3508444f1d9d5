using System.Net;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>With --admin-token, every /__admin call (the stub's and WireMock.Net's) needs it; the API itself does not.</summary>
public sealed class AdminTokenTests
{
    private const string Token = "tok_3f9a7c1e";

    private static readonly (string Method, string Path)[] AdminCalls =
    [
        ("GET", "/__admin/health"),
        ("GET", "/__admin/requests"),
        ("GET", "/__admin/settings"),
        ("GET", "/__admin/mappings"),
        ("DELETE", "/__admin/mappings"),
        ("GET", "/__ADMIN/health"),
        ("GET", "/__admin/deeplead/state"),
        ("POST", "/__admin/deeplead/reset"),
        ("GET", "/__admin/deeplead/journal"),
        ("DELETE", "/__admin/deeplead/journal"),
        ("GET", "/__admin/deeplead/rules"),
        ("POST", "/__admin/deeplead/rules"),
        ("DELETE", "/__admin/deeplead/rules"),
        ("GET", "/__admin/deeplead/scenarios"),
        ("PUT", "/__admin/deeplead/scenarios"),
        ("POST", "/__admin/deeplead/scenarios"),
        ("DELETE", "/__admin/deeplead/scenarios"),
        ("GET", "/__admin/deeplead/no-such-endpoint"),
    ];

    [Fact]
    public async Task Every_admin_call_without_the_right_bearer_token_is_401_and_changes_nothing()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", Token);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), Token);
        const string body = """{ "pools": [ { "id": "eeeeeeeeeeeeeeeeeeeeeeee", "name": "Intruder" } ] }""";

        foreach (var (method, path) in AdminCalls)
        foreach (var authorization in new string?[] { null, "Bearer wrong", "Bearer " + Token + "0", "Basic " + Convert.ToBase64String("admin:"u8.ToArray()), Token, "Bearer" })
        {
            using var response = await http.AdminAsync(new HttpMethod(method), path, body, authorization: authorization, withToken: false);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{authorization}': {(int)response.StatusCode}");
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Contains("admin token", (await StubHttp.ReadJsonAsync(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var state = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/state");
        Assert.DoesNotContain("Intruder", state.GetRawText(), StringComparison.Ordinal);
        using var pools = await http.ApiAsync(HttpMethod.Get, "pools");
        Assert.Equal(HttpStatusCode.OK, pools.StatusCode);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task With_the_token_the_stubs_and_wiremocks_admin_endpoints_answer_and_the_api_ignores_it()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", Token);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), Token);

        using var health = await http.AdminAsync(HttpMethod.Get, "/__admin/health");
        using var requests = await http.AdminAsync(HttpMethod.Get, "/__admin/requests");
        using var lowercaseScheme = await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/state", authorization: "bearer " + Token);
        using var openApi = await http.AdminAsync(HttpMethod.Get, "/openapi.json", withToken: false);
        using var tokenAsApiKey = await http.ApiAsync(HttpMethod.Get, "pools", key: Token);
        using var apiKey = await http.ApiAsync(HttpMethod.Get, "pools");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lowercaseScheme.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenAsApiKey.StatusCode);
        Assert.Equal("Invalid API key", (await StubHttp.ReadJsonAsync(tokenAsApiKey)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, apiKey.StatusCode);
        Assert.Equal(0, await stub.StopAsync());
        Assert.DoesNotContain(Token, stub.Output + stub.Errors, StringComparison.Ordinal);
    }
}
