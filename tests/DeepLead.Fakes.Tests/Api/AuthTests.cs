using System.Net;
using System.Net.Http.Headers;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class AuthTests : BehaviourTests
{
    [Theory]
    [InlineData("GET", "pools")]
    [InlineData("GET", "inboxes")]
    [InlineData("POST", "inboxes")]
    public async Task Missing_authorization_is_401(string method, string path)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        client.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent(Single("a@gmail.com"), System.Text.Encoding.UTF8, "application/json") : null };

        using var response = await client.SendAsync(request, Ct);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(fake.Inboxes);
    }

    [Theory]
    [InlineData("Basic", "dl_test_api_key")]
    [InlineData("Token", "dl_test_api_key")]
    [InlineData("Bearer", "dl_unknown_key")]
    public async Task Wrong_scheme_or_unknown_key_is_401(string scheme, string key)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);

        using var response = await client.GetAsync("pools", Ct);

        var body = await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(key, body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_key_has_every_permission()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        Assert.Equal("dl_test_api_key", fake.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("inboxes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("inboxes", Single("a@gmail.com"))).StatusCode);
    }

    [Theory]
    [InlineData("GET", "pools", Permissions.PoolsRead)]
    [InlineData("GET", "inboxes", Permissions.InboxesRead)]
    [InlineData("POST", "inboxes", Permissions.InboxesWrite)]
    public async Task A_key_without_the_endpoints_permission_is_403(string method, string path, string needed)
    {
        var others = Permissions.All.Where(p => p != needed).ToArray();
        await using var fake = await StartAsync(o => o.ApiKeys.Add(new FakeApiKey("dl_limited", others)));
        using var client = Validated(fake, "dl_limited");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent(Single("a@gmail.com"), System.Text.Encoding.UTF8, "application/json") : null };

        using var response = await client.SendAsync(request, Ct);

        var body = await response.AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Contains(needed, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task The_scheme_is_case_insensitive()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", fake.ApiKey);

        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class AuthTestsOverWireMock : AuthTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class AuthTestsInMemory : AuthTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
