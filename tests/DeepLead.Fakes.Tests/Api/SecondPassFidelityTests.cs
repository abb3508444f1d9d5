using System.Net;
using Microsoft.Extensions.Time.Testing;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

/// <summary>
/// Issue 26, "Fidelity, second pass": each numbered finding has a test here that failed before its fix; each new
/// setting runs by default, switched, and under the strict preset, on both transports.
/// </summary>
public abstract class SecondPassFidelityTests : BehaviourTests
{
    private Task<DeepLeadFake> StartWithSettingsAsync(string settingsJson, Action<DeepLeadFakeOptions>? configure = null) => StartAsync(o =>
    {
        o.Scenarios.Add(ScenarioSource.Json($$"""{"settings": {{settingsJson}}}""", "settings"));
        configure?.Invoke(o);
    });

    private Task<DeepLeadFake> StartStrictAsync(Action<DeepLeadFakeOptions>? configure = null) => StartAsync(o =>
    {
        o.Scenarios.Add(ScenarioSource.Shipped("strict"));
        configure?.Invoke(o);
    });

    // ------------------------------------------------------------------ 10: the journal keeps every call

    [Fact]
    public async Task A_create_whose_address_holds_an_unpaired_surrogate_is_journalled_and_nothing_fails_to_record()
    {
        var log = new ListLogger();
        await using var fake = await StartAsync(o => o.Logger = log);
        using var client = Validated(fake);

        using var single = await client.PostJsonAsync("inboxes", """{"emailAddress":"a\ud800@gmail.com","imapPassword":"x"}""");
        using var batch = await client.PostJsonAsync("inboxes", """[{"emailAddress":"a\udc00@gmail.com","imapPassword":"x"}]""");

        await single.AssertErrorAsync(HttpStatusCode.BadRequest);
        await batch.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal([400, 400], fake.Journal.Calls.Select(c => c.Status));
        Assert.Equal(2, fake.Journal.FailedItems.Count);
        Assert.All(fake.Journal.FailedItems, item => Assert.Null(item.EmailAddress));
        Assert.DoesNotContain(log.Lines, l => l.Contains("Could not record", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ 7: reset restores the clock

    [Fact]
    public async Task Reset_restores_the_clock_the_scenarios_started_with_and_the_same_ids_follow()
    {
        await using var fresh = await StartAsync();
        using var freshClient = Validated(fresh);
        var expected = await (await freshClient.PostJsonAsync("inboxes", Single("a@gmail.com"))).JsonAsync();

        await using var fake = await StartAsync();
        using var client = Validated(fake);
        fake.Admin.AdvanceClock(TimeSpan.FromDays(3));
        using var moved = await client.PostJsonAsync("inboxes", Single("a@gmail.com"));
        fake.Admin.SetClock(Now.AddYears(1));
        fake.Reset();
        var afterReset = await (await client.PostJsonAsync("inboxes", Single("a@gmail.com"))).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(Now, fake.Admin.Now);
        Assert.Equal(expected.GetRawText(), afterReset.GetRawText());
        Assert.Equal("API Pool - " + Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), afterReset.GetProperty("autoCreatedPool").GetProperty("name").GetString());
    }

    // ------------------------------------------------------------------ 6: the rate limit counts after auth and routing

    [Fact]
    public async Task A_rate_limit_counts_only_calls_with_a_valid_key_on_a_known_route()
    {
        var clock = new FakeTimeProvider(Now);
        await using var fake = await StartWithSettingsAsync("""{"rateLimit": {"calls": 2, "windowSeconds": 60}}""", o => o.TimeProvider = clock);
        using var client = Validated(fake);
        using var anonymous = new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };
        using var wrongKey = new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };
        wrongKey.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "dl_wrong_key");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await wrongKey.GetAsync("pools", Ct);
            statuses.Add(response.StatusCode);
        }
        using var noKey = await anonymous.GetAsync("pools", Ct);
        using var unknownRoute = await client.GetAsync("mailboxes", Ct);
        using var first = await client.GetAsync("pools", Ct);
        using var second = await client.GetAsync("inboxes", Ct);
        using var third = await client.GetAsync("pools", Ct);
        using var noKeyAfter = await anonymous.GetAsync("pools", Ct);
        using var unknownRouteAfter = await client.GetAsync("mailboxes", Ct);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        await third.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        await noKeyAfter.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await unknownRouteAfter.AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rate_limit_counts_per_key_by_default_and_per_account_when_set()
    {
        foreach (var (per, expectedOther) in new[] { ("", HttpStatusCode.OK), (", \"per\": \"key\"", HttpStatusCode.OK), (", \"per\": \"account\"", HttpStatusCode.TooManyRequests) })
        {
            var clock = new FakeTimeProvider(Now);
            await using var fake = await StartWithSettingsAsync($$$"""{"rateLimit": {"calls": 1, "windowSeconds": 60{{{per}}}}}""", o =>
            {
                o.TimeProvider = clock;
                o.ApiKeys.Add(new FakeApiKey("dl_first_key"));
                o.ApiKeys.Add(new FakeApiKey("dl_other_key"));
            });
            using var firstKey = Validated(fake, "dl_first_key");
            using var otherKey = Validated(fake, "dl_other_key");

            Assert.Equal(HttpStatusCode.OK, (await firstKey.GetAsync("pools", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await firstKey.GetAsync("pools", Ct)).StatusCode);
            Assert.Equal(expectedOther, (await otherKey.GetAsync("pools", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_key_without_the_permission_still_counts_against_the_limit_and_gets_403_within_it()
    {
        var clock = new FakeTimeProvider(Now);
        await using var fake = await StartWithSettingsAsync("""{"rateLimit": {"calls": 1, "windowSeconds": 60}}""", o =>
        {
            o.TimeProvider = clock;
            o.ApiKeys.Add(new FakeApiKey("dl_reader", [Permissions.PoolsRead]));
        });
        using var reader = Validated(fake, "dl_reader");

        using var forbidden = await reader.PostJsonAsync("inboxes", Single("a@gmail.com"));
        using var limited = await reader.GetAsync("pools", Ct);

        await forbidden.AssertErrorAsync(HttpStatusCode.Forbidden);
        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_rate_limit_holds_under_strict_too()
    {
        var clock = new FakeTimeProvider(Now);
        await using var fake = await StartStrictAsync(o =>
        {
            o.TimeProvider = clock;
            o.Scenarios.Add(ScenarioSource.Shipped("rate-limited"));
        });
        using var client = Validated(fake);
        using var anonymous = new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("pools", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("pools", Ct)).StatusCode);
    }
}

public sealed class SecondPassFidelityTestsOverWireMock : SecondPassFidelityTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class SecondPassFidelityTestsInMemory : SecondPassFidelityTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
