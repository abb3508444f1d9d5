using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeepLead.Fakes.Inspector.Tests;

/// <summary>State, coverage, rules, scenario and clock, each driven through the page as a person would.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewsTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string TwoPools = """
        {"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Main Pool"}, {"id": "507f1f77bcf86cd799439012", "name": "Side Pool"}],
         "inboxes": [{"emailAddress": "first@gmail.com", "poolId": "507f1f77bcf86cd799439011"}]}
        """;

    [Fact]
    public async Task A_created_inbox_appears_under_its_pool_while_the_state_view_is_open()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.Scenarios.Add(ScenarioSource.Json(TwoPools, "two pools")));
        await session.ShowAsync("state");
        var side = session.Page.Locator("details.pool", new() { Has = session.Page.Locator(".pool-name", new() { HasText = "Side Pool" }) });
        await Expect(side.Locator("summary")).ToContainTextAsync("0 inboxes");
        await Expect(side.Locator(".email")).ToHaveCountAsync(0);

        using var client = session.Fake.CreateClient();
        (await client.PostAsync("inboxes", Json("""{"emailAddress": "new@gmail.com", "imapPassword": "pw", "poolId": "507f1f77bcf86cd799439012"}"""), Ct)).EnsureSuccessStatusCode();

        await Expect(side.Locator(".email")).ToHaveTextAsync(["new@gmail.com"]);
        await Expect(side.Locator("summary")).ToContainTextAsync("1 inboxes");
        var main = session.Page.Locator("details.pool", new() { Has = session.Page.Locator(".pool-name", new() { HasText = "Main Pool" }) });
        await Expect(main.Locator(".email")).ToHaveTextAsync(["first@gmail.com"]);

        await session.Page.Locator("#state-search").FillAsync("new@");
        await Expect(session.Page.Locator("#state-tree .email")).ToHaveTextAsync(["new@gmail.com"]);
        await Expect(session.Page.Locator("#state-count")).ToHaveTextAsync("1 pools, 1 inboxes shown");
    }

    [Fact]
    public async Task Each_tenant_is_its_own_branch_with_its_own_pools_and_inboxes()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.Scenarios.Add(ScenarioSource.Json(TwoPools, "two pools")));
        using var first = session.Fake.CreateTenant();
        using var second = session.Fake.CreateTenant();
        using var client = second.CreateClient();
        (await client.PostAsync("inboxes", Json("""{"emailAddress": "tenant@gmail.com", "imapPassword": "pw", "poolId": "507f1f77bcf86cd799439012"}"""), Ct)).EnsureSuccessStatusCode();

        await session.ShowAsync("state");

        await Expect(session.Page.Locator("details.tenant > summary")).ToHaveTextAsync([
            "configured keys — 2 pools, 1 inboxes", $"{first.Label} — 2 pools, 1 inboxes", $"{second.Label} — 2 pools, 2 inboxes"]);
        var secondTenant = session.Page.Locator("details.tenant").Nth(2);
        await Expect(secondTenant.Locator(".email")).ToHaveTextAsync(["first@gmail.com", "tenant@gmail.com"]);
        await Expect(session.Page.Locator("details.tenant").Nth(0).Locator(".email")).ToHaveTextAsync(["first@gmail.com"]);
    }

    [Fact]
    public async Task The_coverage_grid_marks_a_hit_and_what_was_missed()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        using var client = session.Fake.CreateClient();
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();
        await Expect(session.Rows).ToHaveCountAsync(2);

        await session.ShowAsync("coverage");

        var pools = session.Page.Locator("#coverage-grid tr", new() { Has = session.Page.Locator("th", new() { HasTextString = "GET /pools" }) });
        await Expect(pools.Locator("td[data-status='200']")).ToHaveTextAsync("hit 2");
        await Expect(pools.Locator("td[data-status='200']")).ToHaveClassAsync("hit");
        await Expect(pools.Locator("td[data-status='401']")).ToHaveTextAsync("missed");
        await Expect(pools.Locator("td[data-status='401']")).ToHaveClassAsync("missed");
        // GET /pools documents no 404: the cell says so rather than "missed".
        await Expect(pools.Locator("td[data-status='404']")).ToHaveTextAsync("—");
        await Expect(session.Page.Locator("#coverage-note")).ToContainTextAsync("Missed cells are what no call exercised.");
    }

    [Fact]
    public async Task When_the_journal_has_dropped_calls_the_coverage_view_says_a_missed_cell_may_have_been_hit()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.JournalCapacity = 2);
        using var client = session.Fake.CreateClient();
        (await client.GetAsync("inboxes", Ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("pools", Ct)).EnsureSuccessStatusCode();

        await session.ShowAsync("coverage");

        // The GET /inboxes call is no longer kept: its cell reads "missed", and the note says why that may be wrong.
        var inboxes = session.Page.Locator("#coverage-grid tr", new() { Has = session.Page.Locator("th", new() { HasTextString = "GET /inboxes" }) });
        await Expect(inboxes.Locator("td[data-status='200']")).ToHaveTextAsync("missed");
        await Expect(session.Page.Locator("#coverage-note")).ToContainTextAsync("1 older calls are no longer kept, so a missed cell may have been exercised by one of them");
    }

    [Fact]
    public async Task An_invalid_rule_shows_the_loaders_message_and_a_valid_one_makes_the_next_call_fail_as_forced()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        await session.ShowAsync("rules");
        await Expect(session.Page.Locator("#rules-table caption")).ToHaveTextAsync("No rules in force");

        const string invalid = """{"match": {"method": "GET", "path": "/pools"}, "respond": {"status": "five hundred"}}""";
        var expected = Assert.Throws<ScenarioException>(() => DeepLeadFakeAdmin.ParseRules(Encoding.UTF8.GetBytes(invalid)));
        await session.Page.Locator("#rule-json").FillAsync(invalid);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(session.Page.Locator("#rule-errors li")).ToHaveTextAsync(["Invalid rule", $"{expected.JsonPath}: {expected.Message}"]);
        Assert.Empty(session.Fake.Admin.Rules);

        await session.Page.Locator("#rule-json").FillAsync("""{"name": "pools down", "match": {"method": "GET", "path": "/pools"}, "times": 1, "respond": {"status": 503}}""");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Expect(session.Page.Locator("#rules-table .rule-name")).ToHaveTextAsync(["pools down"]);
        await Expect(session.Page.Locator("#rule-errors li")).ToHaveCountAsync(0);

        using var client = session.Fake.CreateClient();
        Assert.Equal(503, (int)(await client.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("pools", Ct)).StatusCode);
        await Expect(session.Page.Locator("#rules-table .rule-hits")).ToHaveTextAsync(["1"]);
        await Expect(session.Page.Locator("#rules-table .rule-left")).ToHaveTextAsync(["0"]);

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Remove rule 1: pools down" }).ClickAsync();
        await Expect(session.Page.Locator("#rules-table caption")).ToHaveTextAsync("No rules in force");
        Assert.Empty(session.Fake.Admin.Rules);
    }

    [Fact]
    public async Task Advancing_the_clock_changes_the_next_auto_created_pools_name()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        await session.ShowAsync("scenario");
        await Expect(session.Page.Locator("#clock-now")).ToHaveTextAsync("2024-01-15T12:00:00.000Z");
        using var client = session.Fake.CreateClient();
        (await client.PostAsync("inboxes", Json("""{"emailAddress": "one@gmail.com", "imapPassword": "pw"}"""), Ct)).EnsureSuccessStatusCode();
        Assert.Contains(session.Fake.Pools, p => p.Name == "API Pool - 2024-01-15");

        await session.Page.Locator("#clock-advance").FillAsync("86400");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Advance clock" }).ClickAsync();
        await Expect(session.Page.Locator("#clock-now")).ToHaveTextAsync("2024-01-16T12:00:00.000Z");

        (await client.PostAsync("inboxes", Json("""{"emailAddress": "two@gmail.com", "imapPassword": "pw"}"""), Ct)).EnsureSuccessStatusCode();
        Assert.Contains(session.Fake.Pools, p => p.Name == "API Pool - 2024-01-16");

        await session.Page.Locator("#clock-set").FillAsync("2030-05-01T00:00:00Z");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Set clock" }).ClickAsync();
        await Expect(session.Page.Locator("#clock-now")).ToHaveTextAsync("2030-05-01T00:00:00.000Z");
        await session.Page.Locator("#clock-set").FillAsync("yesterday");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Set clock" }).ClickAsync();
        await Expect(session.Page.Locator("#clock-errors li")).ToHaveTextAsync(["Invalid clock", "now: must be a date-time such as 2024-01-16T00:00:00Z (years 2000 to 9000)"]);
    }

    [Fact]
    public async Task A_scenario_loads_as_the_state_and_reset_goes_back_to_its_start()
    {
        await using var session = await InspectorSession.OpenAsync(browser, o => o.Scenarios.Add(ScenarioSource.Json(TwoPools, "two pools")));
        await session.ShowAsync("scenario");
        await Expect(session.Page.Locator("#layers li")).ToHaveTextAsync(["two pools"]);

        await session.Page.Locator("#scenario-name").FillAsync("broken");
        await session.Page.Locator("#scenario-json").FillAsync("""{"pools": [{"name": 5}]}""");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Load scenario" }).ClickAsync();
        await Expect(session.Page.Locator("#scenario-errors li").First).ToHaveTextAsync("Invalid scenario");
        Assert.Equal(2, session.Fake.Pools.Count);

        await session.Page.Locator("#scenario-name").FillAsync("one pool");
        await session.Page.Locator("#scenario-json").FillAsync("""{"pools": [{"name": "Only Pool"}]}""");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Load scenario" }).ClickAsync();
        await Expect(session.Page.Locator("#layers li")).ToHaveTextAsync(["one pool"]);
        Assert.Equal(["Only Pool"], session.Fake.Pools.Select(p => p.Name));

        using var client = session.Fake.CreateClient();
        (await client.PostAsync("inboxes", Json("""{"emailAddress": "x@gmail.com", "imapPassword": "pw"}"""), Ct)).EnsureSuccessStatusCode();
        Assert.Single(session.Fake.Inboxes);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Reset to the scenarios' start" }).ClickAsync();
        await Expect(session.Page.Locator("#scenario-errors li")).ToHaveCountAsync(0);
        await session.ShowAsync("state");
        await Expect(session.Page.Locator("#state-count")).ToHaveTextAsync("1 pools, 0 inboxes shown");
        Assert.Empty(session.Fake.Inboxes);
    }

    [Fact]
    public async Task A_hosts_view_shows_as_its_own_tab_read_when_opened_as_text()
    {
        var groups = 0;
        await using var session = await InspectorSession.OpenAsync(browser, open: false);
        session.Fake.Admin.AddInspectorView("Shadow", () =>
        [
            ["Endpoint", "Kind", "Count"],
            .. Enumerable.Range(1, Interlocked.Increment(ref groups)).Select(i => (IReadOnlyList<string>)["GET /pools", "<b>value</b>", i.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        ]);
        await session.GotoAsync();
        var tab = session.Page.Locator(".tab[data-view='host']");
        await Expect(tab).ToHaveTextAsync("Shadow");

        await tab.ClickAsync();
        await Expect(session.Page.Locator("#h-host")).ToHaveTextAsync("Shadow");
        await Expect(session.Page.Locator("#host-table th")).ToHaveTextAsync(["Endpoint", "Kind", "Count"]);
        await Expect(session.Page.Locator("#host-table tbody tr")).ToHaveCountAsync(1);
        await Expect(session.Page.Locator("#host-table tbody td").Nth(1)).ToHaveTextAsync("<b>value</b>");
        Assert.Equal(0, await session.Page.Locator("#host-table b").CountAsync());

        // Read again when opened again.
        await session.ShowAsync("calls");
        await tab.ClickAsync();
        await Expect(session.Page.Locator("#host-table tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Without_a_hosts_view_there_is_no_such_tab()
    {
        await using var session = await InspectorSession.OpenAsync(browser);
        await Expect(session.Page.Locator("#host-tab")).ToBeHiddenAsync();
    }
}
