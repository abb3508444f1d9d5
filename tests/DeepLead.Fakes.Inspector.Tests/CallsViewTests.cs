using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeepLead.Fakes.Inspector.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CallsViewTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_call_made_after_the_page_opened_appears_without_a_reload()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("0 of 0 calls");
        // Proves no reload happens: a value set on the window survives only in the same document.
        await session.Page.EvaluateAsync("() => { window.__sameDocument = 42; }");

        using var client = session.Fake.CreateClient();
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();

        await Expect(session.Rows).ToHaveCountAsync(1);
        await Expect(session.Rows.First.Locator(".p")).ToHaveTextAsync("/api/v1/pools");
        await Expect(session.Rows.First.Locator(".s")).ToHaveTextAsync("200");
        await Expect(session.Rows.First.Locator(".m")).ToHaveTextAsync("GET");
        await Expect(session.Rows.First.Locator(".d")).ToHaveTextAsync("endpoint");
        Assert.Equal(42, await session.Page.EvaluateAsync<int>("() => window.__sameDocument"));
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task A_call_answered_late_still_appears_live_in_its_place()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        session.Fake.AddRule(FakeRule.On("GET", "/pools").Named("slow").Times(1).DelayBy(TimeSpan.FromMilliseconds(1500)));
        using var client = session.Fake.CreateClient();
        var slow = client.GetAsync("pools", Ct);             // call 1, answered last
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("0 of 0 calls");
        (await client.GetAsync("inboxes", Ct)).EnsureSuccessStatusCode();   // call 2
        await Expect(session.Rows).ToHaveCountAsync(1);
        (await slow).EnsureSuccessStatusCode();

        await Expect(session.Rows.Locator(".n")).ToHaveTextAsync(["2", "1"]);
        await Expect(session.Rows.Locator(".d")).ToHaveTextAsync(["endpoint", "endpoint"]);
    }

    [Fact]
    public async Task A_call_opened_shows_its_request_response_and_the_explanation_of_the_journal()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        using var client = session.Fake.CreateClient();
        session.Fake.AddRule(FakeRule.On("POST", "/inboxes").Named("conflict once").Times(1).RespondWith(409));
        var created = await client.PostAsync("inboxes", Json("""{"emailAddress": "ann@gmail.com", "imapPassword": "hunter2-secret"}"""), Ct);
        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);

        await session.Rows.First.ClickAsync();

        var call = Assert.Single(session.Fake.Journal.Calls);
        await Expect(session.Page.Locator("#detail-h")).ToHaveTextAsync($"Call #{call.Sequence}");
        await Expect(session.Page.Locator("#detail-explanation")).ToHaveTextAsync(call.Explanation.ToString());
        await Expect(session.Page.Locator(".detail-decided-by")).ToHaveTextAsync("rule");
        await Expect(session.Page.Locator(".detail-rule")).ToContainTextAsync("conflict once");
        await Expect(session.Page.Locator("#detail-request")).ToHaveTextAsync(call.RequestBody!);
        await Expect(session.Page.Locator("#detail-response")).ToHaveTextAsync(call.ResponseBody!);
        // Redacted as in the journal: no password, no whole key anywhere on the page.
        var text = await session.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Fake.ApiKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_shows_its_hint()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        using var client = session.Fake.CreateClient();
        await client.GetAsync("pool", Ct);
        await session.Rows.First.ClickAsync();
        var hint = Assert.Single(session.Fake.Journal.Calls).Explanation.Hint;
        Assert.NotNull(hint);
        await Expect(session.Page.Locator(".detail-hint")).ToHaveTextAsync(hint);
    }

    [Fact]
    public async Task Filters_narrow_the_calls_by_status_class_operation_tenant_and_text()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        using var client = session.Fake.CreateClient();
        using var stranger = session.Fake.CreateClient("dl_not_a_key");
        using var tenant = session.Fake.CreateTenant();
        using var tenantClient = tenant.CreateClient();
        await client.GetAsync("pools", Ct);                       // 200
        await stranger.GetAsync("inboxes", Ct);                   // 401
        await client.GetAsync("inboxes?poolId=507f1f77bcf86cd7994390ff", Ct);    // 404 (an unknown pool)
        await tenantClient.GetAsync("pools", Ct);                 // 200, the tenant's
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("4 of 4 calls");

        await session.Page.Locator("#f-status").SelectOptionAsync("4");
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("2 of 4 calls");
        await Expect(session.Rows.Locator(".s")).ToHaveTextAsync(["404", "401"]);

        await session.Page.Locator("#f-status").SelectOptionAsync("");
        await session.Page.Locator("#f-operation").SelectOptionAsync("GET /pools");
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("2 of 4 calls");

        await session.Page.Locator("#f-tenant").SelectOptionAsync(new SelectOptionValue { Label = tenant.Label });
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("1 of 4 calls");
        await Expect(session.Rows.Locator(".u")).ToHaveTextAsync([tenant.Label]);

        await session.Page.Locator("#f-operation").SelectOptionAsync("");
        await session.Page.Locator("#f-tenant").SelectOptionAsync("");
        await session.Page.Locator("#f-text").FillAsync("7994390ff");
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("1 of 4 calls");
        await Expect(session.Rows.Locator(".p")).ToHaveTextAsync(["/api/v1/inboxes?poolId=507f1f77bcf86cd7994390ff"]);
    }

    [Fact]
    public async Task Twenty_thousand_calls_open_and_filter_with_only_the_visible_rows_in_the_document()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o =>
        {
            o.Transport = FakeTransport.InMemory;
            o.JournalCapacity = 20_000;
        }, open: false);
        using var client = session.Fake.CreateClient();
        for (var i = 0; i < 20_000; i++)
        {
            using var response = await client.GetAsync(i % 1000 == 0 ? "inboxes?status=paused" : "pools", Ct);
        }
        Assert.Equal(20_000, session.Fake.Journal.Calls.Count);

        await session.GotoAsync();

        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("20000 of 20000 calls");
        var rendered = await session.Rows.CountAsync();
        Assert.InRange(rendered, 1, 100);
        await session.Page.Locator("#f-text").FillAsync("status=paused");
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("20 of 20000 calls");
        await Expect(session.Rows).ToHaveCountAsync(20);
        // Scrolling to the end of the whole list renders the oldest call, still without 20,000 elements.
        await session.Page.Locator("#f-text").FillAsync("");
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("20000 of 20000 calls");
        await session.Page.Locator("#calls-scroll").EvaluateAsync("e => { e.scrollTop = e.scrollHeight; }");
        await Expect(session.Page.Locator("#calls-spacer button.call[data-sequence='1']")).ToHaveCountAsync(1);
        Assert.InRange(await session.Rows.CountAsync(), 1, 100);
    }
}
