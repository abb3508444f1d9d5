using System.Reflection;
using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeepLead.Fakes.Inspector.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityAndScreenshotTests(BrowserFixture browser)
{
    private static readonly string[] Views = ["calls", "state", "coverage", "rules", "scenario", "host"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens a view and waits until it shows its data (a view is visible before its data arrives).</summary>
    private static async Task ShowLoadedAsync(InspectorSession session, string view)
    {
        await session.ShowAsync(view);
        await Expect(session.Page.Locator($"#view-{view}")).ToBeVisibleAsync();
        var loaded = view switch
        {
            "calls" => session.Page.Locator("#calls-spacer button.call").First,
            "state" => session.Page.Locator("#state-tree .email").First,
            "coverage" => session.Page.Locator("#behaviours tbody tr").First,
            "rules" => session.Page.Locator("#rules-table tbody tr").First,
            "scenario" => session.Page.Locator("#layers li").First,
            _ => session.Page.Locator("#host-table tbody tr").First,
        };
        await Expect(loaded).ToBeVisibleAsync();
        // No hover or focus left on a tab: the same picture every run.
        await session.Page.Mouse.MoveAsync(0, 0);
    }

    private static string RepositoryRoot => typeof(AccessibilityAndScreenshotTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A fake with something in every view: pools and inboxes, calls of several kinds, a rule, coverage.</summary>
    private async Task<InspectorSession> PopulatedAsync()
    {
        var session = await InspectorSession.OpenAsync(browser, o =>
        {
            o.Scenarios.Add(ScenarioSource.Shipped("default"));
            o.TrackCoverage = true;
        }, open: false);
        session.Fake.AddRule(FakeRule.On("POST", "/inboxes").Named("one conflict").Times(1).RespondWith(409));
        // A host's view, as the stub's shadow mode adds one: the shadow report's groups with their suggested settings.
        session.Fake.Admin.AddInspectorView("Shadow", () =>
        [
            ["Endpoint", "Kind", "Path", "Count", "DeepLead", "Fake", "Suggested setting", "Hint"],
            ["GET /pools", "timestampPrecision", "pools[].createdAt", "3", "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00Z", "timestampPrecision: milliseconds", ""],
            ["GET /inboxes", "status", "", "1", "200", "404", "unknownPoolFilter: emptyPage", "a filter naming no pool"],
        ]);
        await session.GotoAsync();
        using var client = session.Fake.CreateClient();
        using var stranger = session.Fake.CreateClient("dl_wrong_key");
        await client.GetAsync("pools", Ct);
        await client.GetAsync("inboxes?limit=5", Ct);
        await stranger.GetAsync("pools", Ct);
        await client.PostAsync("inboxes", new StringContent("""{"emailAddress": "dup@gmail.com", "imapPassword": "x"}""", Encoding.UTF8, "application/json"), Ct);
        await client.PostAsync("inboxes", new StringContent("""{"emailAddress": "ann@gmail.com", "imapPassword": "x"}""", Encoding.UTF8, "application/json"), Ct);
        await client.GetAsync("inbox", Ct);
        await Expect(session.Page.Locator("#calls-count")).ToHaveTextAsync("6 of 6 calls");
        return session;
    }

    [Fact]
    public async Task No_view_has_a_serious_or_critical_accessibility_violation()
    {
        await using var session = await PopulatedAsync();
        await session.Rows.First.ClickAsync();
        await Expect(session.Page.Locator("#detail")).ToBeVisibleAsync();
        var found = new List<string>();
        foreach (var view in Views)
        {
            await ShowLoadedAsync(session, view);
            var result = await session.Page.RunAxe();
            found.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{view}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
        }
        // The login page too.
        await using var guarded = await InspectorSession.OpenAsync(browser, o => o.InspectorToken = "t0ken", open: false);
        await guarded.Page.GotoAsync(guarded.Address.AbsoluteUri);
        await Expect(guarded.Page.Locator("#token")).ToBeVisibleAsync();
        var login = await guarded.Page.RunAxe();
        found.AddRange(login.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"login: {v.Id} ({v.Impact}) {v.Help}"));
        Assert.Empty(found);
    }

    /// <summary>The pictures docs/inspector.md shows, taken from a real page so they stay current (committed).</summary>
    [Fact]
    public async Task The_docs_screenshots_are_taken_from_the_page()
    {
        await using var session = await PopulatedAsync();
        var folder = Path.Combine(RepositoryRoot, "docs", "images");
        Directory.CreateDirectory(folder);
        await session.Rows.Nth(2).ClickAsync();
        await Expect(session.Page.Locator("#detail")).ToBeVisibleAsync();
        foreach (var view in Views)
        {
            await ShowLoadedAsync(session, view);
            var file = Path.Combine(folder, $"inspector-{(view == "host" ? "shadow" : view)}.png");
            await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = view != "calls" });
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} looks empty");
        }
    }
}
