using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeepLead.Fakes.Inspector.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(BrowserFixture browser)
{
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private const string Token = "inspector-test-token-7f3a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hostile_pool_name_and_path_render_as_text_and_run_nothing()
    {
        var scenario = $$"""{"pools": [{"name": {{System.Text.Json.JsonSerializer.Serialize(Hostile)}}}]}""";
        await using var session = await InspectorSession.OpenAsync(browser, o => o.Scenarios.Add(ScenarioSource.Json(scenario, Hostile)));
        using var client = session.Fake.CreateClient();
        await client.GetAsync("pools/" + Uri.EscapeDataString(Hostile), Ct);
        await Expect(session.Rows).ToHaveCountAsync(1);
        await Expect(session.Rows.First.Locator(".p")).ToContainTextAsync("img");

        await session.ShowAsync("state");
        await Expect(session.Page.Locator("#state-tree .pool-name")).ToHaveTextAsync([Hostile]);
        await session.ShowAsync("scenario");
        await Expect(session.Page.Locator("#layers li")).ToHaveTextAsync([Hostile]);
        await session.ShowAsync("calls");
        await session.Rows.First.ClickAsync();
        await Expect(session.Page.Locator("#detail-response")).ToContainTextAsync("error");

        Assert.Equal(0, await session.Page.Locator("img").CountAsync());
        Assert.Empty(session.Dialogs);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task The_page_sends_a_strict_content_security_policy()
    {
        await using var session = await InspectorSession.OpenAsync(browser, open: false);
        var response = await session.Page.GotoAsync(session.Address.AbsoluteUri);
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("default-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        // The policy is enforced: an inline script injected into the page is refused.
        await session.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        Assert.False(await session.Page.EvaluateAsync<bool>("() => window.__ran === true"));
    }

    [Fact]
    public async Task Without_the_token_the_page_is_refused_and_one_login_sets_a_strict_http_only_cookie()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.InspectorToken = Token, open: false);
        var refused = await session.Page.GotoAsync(session.Address.AbsoluteUri);
        Assert.Equal(401, refused!.Status);
        await Expect(session.Page.Locator("#calls-scroll")).ToHaveCountAsync(0);
        var api = await session.Context.APIRequest.GetAsync(new Uri(session.Address, "api/calls").AbsoluteUri);
        Assert.Equal(401, api.Status);
        var events = await session.Context.APIRequest.GetAsync(new Uri(session.Address, "api/state").AbsoluteUri);
        Assert.Equal(401, events.Status);

        await session.Page.Locator("#token").FillAsync("not-the-token");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open the inspector" }).ClickAsync();
        await Expect(session.Page.Locator("#login-error")).ToHaveTextAsync("That is not the admin token.");

        await session.Page.Locator("#token").FillAsync(Token);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open the inspector" }).ClickAsync();
        await Expect(session.Page.Locator("body[data-ready='true']")).ToHaveCountAsync(1);
        Assert.DoesNotContain(Token, session.Page.Url, StringComparison.Ordinal);
        var cookie = Assert.Single(await session.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(Token, cookie.Value, StringComparison.Ordinal);
        Assert.Equal(0, await session.Page.EvaluateAsync<int>("() => document.cookie.length"));

        // Live after the login too.
        using var client = session.Fake.CreateClient();
        await client.GetAsync("pools", Ct);
        await Expect(session.Rows).ToHaveCountAsync(1);
        Assert.DoesNotContain(Token, await session.Page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_needs_the_pages_change_key_in_a_header()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { InspectorToken = Token }, Ct);
        var address = await fake.StartInspectorAsync(Ct);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address };
        using var login = new HttpRequestMessage(HttpMethod.Post, "login");
        login.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(login, Ct)).StatusCode);

        const string rule = """{"match": {"path": "/pools"}, "respond": {"status": 500}}""";
        var withoutKey = await http.PostAsync("api/rules", new StringContent(rule, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, withoutKey.StatusCode);
        Assert.Contains("X-DeepLead-Change-Key", await withoutKey.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(fake.Admin.Rules);

        using var sessionJson = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/session", Ct));
        using var add = new HttpRequestMessage(HttpMethod.Post, "api/rules") { Content = new StringContent(rule, Encoding.UTF8, "application/json") };
        add.Headers.Add("X-DeepLead-Change-Key", sessionJson.RootElement.GetProperty("changeKey").GetString());
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(add, Ct)).StatusCode);
        Assert.Single(fake.Admin.Rules);
        // A GET changes nothing, whatever it asks.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.DeleteAsync("api/rules", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("attacker.example", 403)]
    [InlineData("localhost", 200)]
    [InlineData("127.0.0.1", 200)]
    public async Task Without_a_token_the_inspector_answers_only_to_a_loopback_name(string host, int status)
    {
        await using var fake = await DeepLeadFake.StartAsync(cancellationToken: Ct);
        var address = await fake.StartInspectorAsync(Ct);
        using var http = new HttpClient();
        foreach (var path in new[] { "", "api/session", "api/calls" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
            request.Headers.Host = $"{host}:{address.Port}";
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(status, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task With_a_token_any_name_may_log_in()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { InspectorToken = Token }, Ct);
        var address = await fake.StartInspectorAsync(Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "api/session"));
        request.Headers.Host = $"stub.internal:{address.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request, Ct)).StatusCode);
    }
}
