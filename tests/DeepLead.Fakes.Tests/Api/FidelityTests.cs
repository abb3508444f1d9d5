using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

/// <summary>
/// Lenient on names, strict on values, loud about both; the strict preset; every guess as a switchable variant;
/// realism on demand (connection-test delay, rate limit, extra providers).
/// </summary>
public abstract class FidelityTests : BehaviourTests
{
    private const string UnknownFieldWarning = "ignored body field \"tags\" (not documented)";

    private Task<DeepLeadFake> StartWithSettingsAsync(string settingsJson, Action<DeepLeadFakeOptions>? configure = null) => StartAsync(o =>
    {
        o.Scenarios.Add(ScenarioSource.Json($$"""{"settings": {{settingsJson}}}""", "settings"));
        configure?.Invoke(o);
    });

    // ------------------------------------------------------------------ warnings: header, journal, log, coverage

    [Fact]
    public async Task An_ignored_name_is_reported_in_the_header_the_journal_the_log_and_the_coverage_report()
    {
        var log = new ListLogger();
        await using var fake = await StartAsync(o =>
        {
            o.Logger = log;
            o.TrackCoverage = true;
        });
        using var client = Validated(fake);

        using var created = await client.PostJsonAsync("inboxes?dryRun=1", Single("dto@gmail.com", "\"tags\": null"));
        using var listed = await client.GetAsync("inboxes?poolId=&page=2", Ct);
        using var clean = await client.GetAsync("pools", Ct);

        string[] createWarnings = ["ignored query parameter \"dryRun\" (not a parameter of this endpoint)", UnknownFieldWarning];
        Assert.Equal(createWarnings, Warnings(created));
        Assert.Equal(["ignored query parameter \"poolId\" (empty value)", "ignored query parameter \"page\" (not a parameter of this endpoint)"], Warnings(listed));
        Assert.Empty(Warnings(clean));

        var calls = fake.Journal.Calls;
        Assert.Equal(createWarnings, calls[0].Warnings);
        Assert.Equal(2, calls[1].Warnings.Count);
        Assert.Empty(calls[2].Warnings);

        Assert.Contains(log.Lines, l => l.Contains("POST /api/v1/inboxes", StringComparison.Ordinal) && l.Contains(UnknownFieldWarning, StringComparison.Ordinal));
        Assert.Equal(2, log.Lines.Count(l => l.Contains("ignored", StringComparison.Ordinal)));

        var report = fake.GetCoverageReport();
        Assert.Equal(2, report.CallsWithWarnings);
        Assert.Equal(2, JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("callsWithWarnings").GetInt64());
        Assert.Contains("2 calls sent input the fake ignored", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_in_a_warning_are_cut_and_the_list_is_capped_so_the_header_stays_small()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        var fields = string.Join(", ", Enumerable.Range(0, 30).Select(i => $"\"{new string('x', 100)}{i:00}\": 1"));

        using var response = await client.PostJsonAsync("inboxes", Single("many@gmail.com", fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Warning"));
        Assert.EndsWith(", and 10 more ignored names", header, StringComparison.Ordinal);
        Assert.True(header.Length < 3000, header.Length.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(30, fake.Journal.Calls.Single().Warnings.Count);
    }

    [Fact]
    public async Task A_batch_reports_each_ignored_name_once()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            [{"emailAddress": "a@gmail.com", "imapPassword": "p", "tags": 1}, {"emailAddress": "b@gmail.com", "imapPassword": "p", "tags": 2, "note": "x"}]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["ignored body field \"note\" (not documented)", UnknownFieldWarning], Warnings(response));
        Assert.Equal(2, fake.Inboxes.Count);
    }

    [Theory]
    [InlineData("""{"imapPassword": "p", "tags": 1}""", "emailAddress")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "tags": 1, "provider": "aol"}""", "provider")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "tags": 1, "dailySendingLimit": "5"}""", "dailySendingLimit")]
    public async Task Values_whose_domain_is_documented_stay_400_while_the_unknown_name_is_still_reported(string json, string field)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", json);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], error.DetailFields());
        Assert.Equal([UnknownFieldWarning], Warnings(response));
    }

    [Fact]
    public async Task Json_content_type_and_documented_query_values_stay_400()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var text = await client.PostAsync("inboxes", new StringContent(Single("a@gmail.com"), System.Text.Encoding.UTF8, "text/plain"), Ct);
        using var status = await client.GetAsync("inboxes?status=archived&page=1", Ct);

        await text.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["status"], (await status.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Single(Warnings(status));
    }

    // ------------------------------------------------------------------ strict preset and each switch

    [Fact]
    public async Task The_shipped_strict_scenario_layered_over_default_rejects_every_leniency()
    {
        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.Scenarios.Add(ScenarioSource.Shipped("strict"));
        await using var fake = await StartBareAsync(options);
        using var client = Validated(fake);

        using var field = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"tags\": null"));
        using var parameter = await client.GetAsync("pools?_=1", Ct);
        using var empty = await client.GetAsync("inboxes?status=", Ct);
        using var post = await client.PostJsonAsync("inboxes?dryRun=true", Single("b@gmail.com"));

        Assert.Equal(["tags"], (await field.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(["_"], (await parameter.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(["status"], (await empty.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(["dryRun"], (await post.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        // The default scenario's world is still there underneath.
        Assert.Equal(10, fake.Inboxes.Count);
        Assert.All(fake.Journal.Calls, c => Assert.Empty(c.Warnings));
    }

    [Theory]
    [InlineData("unknownFields")]
    [InlineData("unknownQueryParameters")]
    [InlineData("emptyQueryValues")]
    public async Task Each_leniency_is_switched_on_its_own(string setting)
    {
        await using var fake = await StartWithSettingsAsync($$"""{"{{setting}}": "reject"}""");
        using var client = Validated(fake);

        using var field = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"tags\": 1"));
        using var parameter = await client.GetAsync("inboxes?page=2", Ct);
        using var empty = await client.GetAsync("inboxes?limit=", Ct);

        Assert.Equal(setting == "unknownFields" ? HttpStatusCode.BadRequest : HttpStatusCode.OK, field.StatusCode);
        Assert.Equal(setting == "unknownQueryParameters" ? HttpStatusCode.BadRequest : HttpStatusCode.OK, parameter.StatusCode);
        Assert.Equal(setting == "emptyQueryValues" ? HttpStatusCode.BadRequest : HttpStatusCode.OK, empty.StatusCode);
    }

    [Fact]
    public async Task A_later_layer_can_turn_a_leniency_back_on()
    {
        await using var fake = await StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Shipped("strict"));
            o.UnknownQueryParameters = FakeLeniency.Ignore;
        });
        using var client = Validated(fake);

        using var parameter = await client.GetAsync("pools?_=1", Ct);
        using var field = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"tags\": 1"));

        Assert.Equal(HttpStatusCode.OK, parameter.StatusCode);
        await field.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Fail_on_warnings_makes_the_call_that_was_partly_ignored_throw()
    {
        await using var fake = await StartAsync(o => o.FailOnWarnings = true);
        using var client = fake.CreateClient();

        using var clean = await client.GetAsync("pools", Ct);
        var error = await Assert.ThrowsAsync<FakeWarningException>(() => client.GetAsync("pools?page=2", Ct));

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Contains("ignored query parameter \"page\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/pools?page=2", error.Message, StringComparison.Ordinal);
        Assert.Equal("ignored query parameter \"page\" (not a parameter of this endpoint)", error.Warnings);
    }

    // ------------------------------------------------------------------ guesses as variants

    [Fact]
    public async Task Auto_filled_fields_never()
    {
        await using var fake = await StartWithSettingsAsync("""{"autoFilledFields": "never"}""");
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", Single("a@gmail.com"))).JsonAsync();

        Assert.Equal(["emailAddress", "success", "inboxId"], body.GetProperty("results")[0].PropertyNames());
        Assert.Equal("imap.gmail.com", fake.Inboxes.Single().ImapHost);
    }

    [Fact]
    public async Task Timestamps_with_milliseconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        await using var fake = await StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TimestampPrecision = TimestampPrecision.Milliseconds;
        });
        using var client = Validated(fake);

        await client.PostJsonAsync("inboxes", Single("a@gmail.com"));
        var inbox = (await (await client.GetAsync("inboxes", Ct)).JsonAsync()).GetProperty("inboxes")[0];
        var pools = (await (await client.GetAsync("pools", Ct)).JsonAsync()).GetProperty("pools");

        Assert.Equal("2025-03-04T05:06:07.890Z", inbox.GetProperty("createdAt").GetString());
        Assert.Equal("2025-03-03T05:06:07.000Z", pools[0].GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task Timestamps_in_whole_seconds_by_default()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        await using var fake = await StartAsync(o => o.TimeProvider = clock);
        using var client = Validated(fake);

        await client.PostJsonAsync("inboxes", Single("a@gmail.com"));
        var inbox = (await (await client.GetAsync("inboxes", Ct)).JsonAsync()).GetProperty("inboxes")[0];

        Assert.Equal("2025-03-04T05:06:07Z", inbox.GetProperty("createdAt").GetString());
    }

    [Theory]
    [InlineData("account", "Taken@gmail.com", false, HttpStatusCode.Conflict)]
    [InlineData("account", "taken@gmail.com", true, HttpStatusCode.Conflict)]
    [InlineData("accountCaseSensitive", "Taken@gmail.com", false, HttpStatusCode.OK)]
    [InlineData("accountCaseSensitive", "taken@gmail.com", true, HttpStatusCode.Conflict)]
    [InlineData("pool", "TAKEN@gmail.com", false, HttpStatusCode.OK)]
    [InlineData("pool", "TAKEN@gmail.com", true, HttpStatusCode.Conflict)]
    public async Task Email_uniqueness(string uniqueness, string email, bool samePool, HttpStatusCode expected)
    {
        await using var fake = await StartWithSettingsAsync($$"""{"emailUniqueness": "{{uniqueness}}"}""",
            o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "taken@gmail.com", PoolId = PoolId }));
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single(email, samePool ? $"\"poolId\": \"{PoolId}\"" : null));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, fake.Inboxes.Count);
    }

    [Fact]
    public async Task Email_uniqueness_per_pool_applies_inside_a_batch()
    {
        await using var fake = await StartAsync(o => o.EmailUniqueness = EmailUniqueness.Pool);
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", $$"""
            [{"emailAddress": "x@gmail.com", "imapPassword": "p"}, {"emailAddress": "X@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"},
             {"emailAddress": "x@GMAIL.com", "imapPassword": "p"}]
            """)).JsonAsync();

        Assert.Equal([true, true, false], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("success").GetBoolean()));
    }

    [Fact]
    public async Task No_batch_limit()
    {
        await using var fake = await StartWithSettingsAsync("""{"maxBatchSize": null}""");
        using var client = Validated(fake);
        var items = Enumerable.Range(0, 150).Select(i => $$"""{"emailAddress": "u{{i}}@gmail.com", "imapPassword": "p", "skipConnectionTest": true}""");

        using var response = await client.PostJsonAsync("inboxes", "[" + string.Join(",", items) + "]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(150, fake.Inboxes.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"100\"")]
    [InlineData("1.5")]
    public async Task An_invalid_max_batch_size_is_located(string value)
    {
        var error = await Assert.ThrowsAsync<ScenarioException>(() => StartWithSettingsAsync($$"""{"maxBatchSize": {{value}}}"""));

        Assert.Equal("$.settings.maxBatchSize", error.JsonPath);
        Assert.Contains("or null for no limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_setting_value_names_the_choices()
    {
        var error = await Assert.ThrowsAsync<ScenarioException>(() => StartWithSettingsAsync("""{"emailUniqueness": "global"}"""));

        Assert.Contains("account, accountCaseSensitive or pool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variants_cover_every_non_default_value_of_every_guess_once()
    {
        Assert.Equal(
            ["default", "autoFilledFields=never", "timestampPrecision=milliseconds", "emailUniqueness=accountCaseSensitive", "emailUniqueness=pool", "unknownPoolFilter=emptyPage", "maxBatchSize=null",
             "singleCreateAnswer=batchEnvelope", "failedBatchStatus=multiStatus", "failedBatchStatus=badRequest"],
            FakeVariants.All.Select(v => v.ToString()));
    }

    [Fact]
    public async Task Each_variant_applies_its_setting_and_only_that()
    {
        foreach (var variant in FakeVariants.All)
        {
            var options = new DeepLeadFakeOptions();
            variant.Apply(options);
            var set = new Dictionary<string, object?>
            {
                ["autoFilledFields"] = options.AutoFilledFields,
                ["timestampPrecision"] = options.TimestampPrecision,
                ["emailUniqueness"] = options.EmailUniqueness,
                ["unknownPoolFilter"] = options.UnknownPoolFilter,
                ["maxBatchSize"] = options.MaxBatchSize,
                ["singleCreateAnswer"] = options.SingleCreateAnswer,
                ["failedBatchStatus"] = options.FailedBatchStatus,
            }.Where(p => p.Value is not null).ToList();
            if (variant.Setting == "default")
            {
                Assert.Empty(set);
                continue;
            }
            Assert.Equal(variant.Setting, Assert.Single(set).Key);
            // Each variant starts: its setting is one the fake accepts.
            await using var fake = await StartBareAsync(options);
            using var client = Validated(fake);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        }
    }

    // ------------------------------------------------------------------ realism on demand

    [Fact]
    public async Task A_connection_test_delay_is_waited_for_each_tested_item()
    {
        await using var fake = await StartWithSettingsAsync("""{"connectionTestDelay": {"ms": 100}}""");
        using var client = Validated(fake);

        var watch = Stopwatch.StartNew();
        using var response = await client.PostJsonAsync("inboxes", """
            [{"emailAddress": "a@gmail.com", "imapPassword": "p"}, {"emailAddress": "b@gmail.com", "imapPassword": "p"},
             {"emailAddress": "c@gmail.com", "imapPassword": "p", "skipConnectionTest": true}]
            """);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(195), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.True(fake.Journal.Calls.Single().Duration >= TimeSpan.FromMilliseconds(195));
    }

    [Fact]
    public async Task Items_that_skip_the_connection_test_wait_for_nothing()
    {
        // The fake's clock never moves: a create that waited on it would never answer.
        var clock = new FakeTimeProvider(Now);
        await using var fake = await StartWithSettingsAsync("""{"connectionTestDelay": {"minMs": 1000, "maxMs": 2000}}""", o => o.TimeProvider = clock);
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"skipConnectionTest\": true")).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_rate_limit_answers_429_with_retry_after_until_the_window_closes()
    {
        var clock = new FakeTimeProvider(Now);
        await using var fake = await StartWithSettingsAsync("""{"rateLimit": {"calls": 2, "windowSeconds": 60}}""", o => o.TimeProvider = clock);
        using var client = Validated(fake);
        using var tenant = fake.CreateTenant();
        using var tenantClient = Validated(tenant);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
        using var limited = await client.GetAsync("pools", Ct);
        clock.Advance(TimeSpan.FromSeconds(45));
        using var stillLimited = await client.GetAsync("inboxes", Ct);
        using var otherAccount = await tenantClient.GetAsync("pools", Ct);
        clock.Advance(TimeSpan.FromSeconds(15));
        using var reopened = await client.GetAsync("pools", Ct);

        var error = await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("at most 2 calls per 60 s", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("settings.rateLimit", Assert.Single(limited.Headers.GetValues("X-DeepLead-Fake-Rule")));
        Assert.Equal(TimeSpan.FromSeconds(15), stillLimited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal("settings.rateLimit", fake.Journal.Calls[2].ForcedBy);
    }

    [Fact]
    public async Task The_shipped_rate_limited_scenario_allows_ten_calls_a_minute()
    {
        var options = new DeepLeadFakeOptions { TimeProvider = new FakeTimeProvider(Now) };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.Scenarios.Add(ScenarioSource.Shipped("rate-limited"));
        await using var fake = await StartBareAsync(options);
        using var client = Validated(fake, "dl_your_api_key_here");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.GetAsync("pools", Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 10), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_fake_time_provider_moves_the_fake_across_midnight_as_the_docs_show()
    {
        // docs/fixtures.md, "Time".
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 15, 23, 59, 0, TimeSpan.Zero));
        await using var fake = await StartBareAsync(new DeepLeadFakeOptions { TimeProvider = clock });
        using var client = Validated(fake);

        var before = await (await client.PostJsonAsync("inboxes", Single("a@gmail.com"))).JsonAsync();
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await (await client.PostJsonAsync("inboxes", Single("b@gmail.com"))).JsonAsync();

        Assert.Equal("API Pool - 2024-01-15", before.GetProperty("autoCreatedPool").GetProperty("name").GetString());
        Assert.Equal("API Pool - 2024-01-16", after.GetProperty("autoCreatedPool").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_scenario_adds_a_provider_detected_by_domain_and_named_in_any_case()
    {
        await using var fake = await StartAsync(o => o.Scenarios.Add(ScenarioSource.Json("""
            {"providers": [{"value": "fastmail", "domains": ["fastmail.com"], "imapHost": "imap.fastmail.com", "imapPort": 993, "smtpHost": "smtp.fastmail.com", "smtpPort": 465}]}
            """)));
        using var client = Validated(fake);

        var byDomain = await (await client.PostJsonAsync("inboxes", Single("a@fastmail.com"))).JsonAsync();
        using var byName = await client.PostJsonAsync("inboxes", Single("b@company.example", "\"provider\": \"FastMail\""));
        using var stillDocumented = await client.PostJsonAsync("inboxes", Single("c@gmail.com"));
        using var unknown = await client.PostJsonAsync("inboxes", Single("d@company.example", "\"provider\": \"aol\""));

        Assert.Equal(4, byDomain.GetProperty("results")[0].GetProperty("autoFilledFields").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillDocumented.StatusCode);
        var error = await unknown.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("fastmail", error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(fake.Inboxes.Where(i => i.EmailAddress != "c@gmail.com"), i =>
        {
            Assert.Equal("fastmail", i.Provider);
            Assert.Equal("smtp.fastmail.com", i.SmtpHost);
            Assert.Equal(465, i.SmtpPort);
        });
    }

    [Theory]
    [InlineData("""{"value": "a b", "domains": [], "imapHost": "h", "imapPort": 1, "smtpHost": "h", "smtpPort": 1}""", "$.providers[0].value")]
    [InlineData("""{"value": "x", "domains": ["not a domain"], "imapHost": "h", "imapPort": 1, "smtpHost": "h", "smtpPort": 1}""", "$.providers[0].domains[0]")]
    [InlineData("""{"value": "x", "domains": [], "imapHost": "h", "imapPort": 0, "smtpHost": "h", "smtpPort": 1}""", "$.providers[0].imapPort")]
    public async Task An_invalid_provider_is_located(string provider, string path)
    {
        var error = await Assert.ThrowsAsync<ScenarioException>(() => StartAsync(o => o.Scenarios.Add(ScenarioSource.Json($$"""{"providers": [{{provider}}]}"""))));

        Assert.Equal(path, error.JsonPath);
    }
}

public sealed class FidelityTestsOverWireMock : FidelityTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class FidelityTestsInMemory : FidelityTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
