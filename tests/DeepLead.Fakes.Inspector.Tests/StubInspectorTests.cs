using System.Net;
using System.Net.Http.Headers;
using DeepLead.Fakes.Server.Tests;

namespace DeepLead.Fakes.Inspector.Tests;

/// <summary>The real stub process: the page on its port behind its admin token, and the report it writes on stop.</summary>
public sealed class StubInspectorTests
{
    private const string Token = "stub-inspector-token-91c2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stub_serves_the_page_behind_its_admin_token_and_writes_the_report_on_stop()
    {
        using var report = new TempFile(extension: ".html");
        await using var stub = StubProcess.Start("--port", "0", "--admin-token", Token, "--html-report", report.Path);
        var api = await stub.WaitUntilReadyAsync();
        var root = new Uri(api, "/");
        var page = new Uri(root, "__admin/deeplead/ui/");

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        var refused = await http.GetAsync(page, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var loginPage = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"login-form\"", loginPage, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", refused.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(page, "api/calls"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(page, "api/events"), Ct)).StatusCode);
        // Another spelling of the path is an admin path like any other: the stub's own token check, then its 404.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(root, "__admin/deeplead/UI/"), Ct)).StatusCode);

        using (var login = new HttpRequestMessage(HttpMethod.Post, new Uri(page, "login")))
        {
            login.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var answer = await http.SendAsync(login, Ct);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            var setCookie = answer.Headers.GetValues("Set-Cookie").Single();
            Assert.Contains("HttpOnly", setCookie, StringComparison.Ordinal);
            Assert.Contains("SameSite=Strict", setCookie, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, setCookie, StringComparison.Ordinal);
        }
        var served = await http.GetAsync(page, Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("<script src=\"inspector.js\"></script>", await served.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_your_api_key_here");
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();
        var calls = await http.GetStringAsync(new Uri(page, "api/calls"), Ct);
        Assert.Contains("\"p\":\"/api/v1/pools\"", calls, StringComparison.Ordinal);

        // The stub keeps its scenario layers in its admin API: the page does not load scenarios there.
        Assert.Contains("\"canLoad\":false", await http.GetStringAsync(new Uri(page, "api/scenario"), Ct), StringComparison.Ordinal);
        using (var load = new HttpRequestMessage(HttpMethod.Post, new Uri(page, "api/scenario/load")) { Content = new StringContent("{}") })
        {
            load.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var refusedLoad = await http.SendAsync(load, Ct);
            Assert.Equal(HttpStatusCode.Conflict, refusedLoad.StatusCode);
            Assert.Contains("/__admin/deeplead/scenarios", await refusedLoad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(0, await stub.StopAsync());
        var html = await File.ReadAllTextAsync(report.Path, Ct);
        Assert.Contains("id=\"report-data\"", html, StringComparison.Ordinal);
        Assert.Contains("\"p\":\"/api/v1/pools\"", html, StringComparison.Ordinal);
        Assert.Contains("Main Pool", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, html, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_your_api_key_here", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"inspector.js\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_shadow_mode_the_inspector_shows_the_differences_so_far_with_their_suggested_settings()
    {
        const string key = "dl_live_account_key_5d2e";
        var upstreamOptions = new DeepLeadFakeOptions();
        upstreamOptions.Scenarios.Add(ScenarioSource.Json($$$"""
            {"clock": "2025-02-03T04:05:06Z", "apiKeys": [{"key": "{{{key}}}"}],
             "pools": [{"id": "65b000000000000000000001", "name": "Outbound", "createdAt": "2025-01-01T00:00:00Z"}],
             "settings": {"timestampPrecision": "milliseconds"}}
            """, "upstream"));
        await using var upstream = await DeepLeadFake.StartAsync(upstreamOptions, Ct);
        using var report = new TempFile();
        await using var stub = StubProcess.Start("--port", "0", "--shadow", upstream.BaseAddress.AbsoluteUri, "--shadow-key", key, "--shadow-report", report.Path);
        var api = await stub.WaitUntilReadyAsync();
        var line = await stub.WaitForLineAsync(new System.Text.RegularExpressions.Regex(@"shadow inspector .* at (http://\S+)"));
        var inspector = new Uri(line[(line.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..]);

        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();

        using var http = new HttpClient();
        using var session = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(inspector, "api/session"), Ct));
        Assert.Equal("Shadow", session.RootElement.GetProperty("hostView").GetString());
        using var view = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(inspector, "api/host"), Ct));
        var rows = view.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        Assert.Equal(["Endpoint", "Kind", "Path", "Count", "DeepLead", "Fake", "Suggested setting", "Hint"], rows[0]);
        var group = Assert.Single(rows.Skip(1));
        Assert.Equal(("GET /pools", "timestampPrecision", "1"), (group[0], group[1], group[3]));
        Assert.Equal("timestampPrecision: milliseconds", group[6]);
        Assert.Equal(0, await stub.StopAsync());
        File.Delete(Path.ChangeExtension(report.Path, ".txt"));
    }
}
