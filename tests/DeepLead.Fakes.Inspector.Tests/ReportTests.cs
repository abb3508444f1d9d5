using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeepLead.Fakes.Inspector.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReportTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_report_file_opens_from_disk_with_the_same_content_and_no_network()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.Scenarios.Add(ScenarioSource.Json(
            """{"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Report Pool <b>bold</b>"}]}""", "report scenario")));
        using var client = session.Fake.CreateClient();
        session.Fake.AddRule(FakeRule.On("GET", "/inboxes").Named("inboxes down").RespondWith(500));
        await client.GetAsync("pools", Ct);
        await client.GetAsync("inboxes", Ct);
        await client.PostAsync("inboxes", new StringContent("""{"emailAddress": "rep@gmail.com", "imapPassword": "pw", "poolId": "507f1f77bcf86cd799439011"}""", Encoding.UTF8, "application/json"), Ct);
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("3 of 3 calls");
        var liveRows = await session.Rows.AllInnerTextsAsync();

        var path = Path.Combine(Path.GetTempPath(), "deeplead-inspector-" + Guid.NewGuid().ToString("N"), "report.html");
        session.Fake.WriteInspectorReport(path);
        try
        {
            var page = await session.Context.NewPageAsync();
            var requests = new List<string>();
            var errors = new List<string>();
            page.Request += (_, request) => requests.Add(request.Url);
            page.PageError += (_, error) => errors.Add(error);
            page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            await Expect(page.Locator("body[data-ready='true']")).ToHaveCountAsync(1);

            await Expect(page.Locator("#mode")).ToContainTextAsync("Report written");
            await Expect(page.Locator("#calls-count")).ToHaveTextAsync("3 of 3 calls");
            Assert.Equal(liveRows, await page.Locator("#calls-spacer button.call").AllInnerTextsAsync());
            await page.Locator("#calls-spacer button.call").Nth(1).ClickAsync();
            var forced = session.Fake.Journal.Calls.Single(c => c.Path == "/api/v1/inboxes" && c.Method == "GET");
            await Expect(page.Locator("#detail-explanation")).ToHaveTextAsync(forced.Explanation.ToString());

            await page.Locator(".tab[data-view='state']").ClickAsync();
            await Expect(page.Locator("#state-tree .pool-name")).ToHaveTextAsync(["Report Pool <b>bold</b>"]);
            await Expect(page.Locator("#state-tree .email")).ToHaveTextAsync(["rep@gmail.com"]);
            await page.Locator(".tab[data-view='coverage']").ClickAsync();
            var pools = page.Locator("#coverage-grid tr", new() { Has = page.Locator("th", new() { HasTextString = "GET /pools" }) });
            await Expect(pools.Locator("td[data-status='200']")).ToHaveTextAsync("hit 1");
            await page.Locator(".tab[data-view='rules']").ClickAsync();
            await Expect(page.Locator("#rules-table .rule-name")).ToHaveTextAsync(["inboxes down"]);
            await Expect(page.Locator("#rule-form")).ToBeHiddenAsync();
            await page.Locator(".tab[data-view='scenario']").ClickAsync();
            await Expect(page.Locator("#layers li")).ToHaveTextAsync(["report scenario"]);

            Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
            Assert.Empty(errors);
            Assert.Equal(0, await page.Locator("b").CountAsync());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
