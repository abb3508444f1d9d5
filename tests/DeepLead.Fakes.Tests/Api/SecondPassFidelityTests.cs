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

    // ------------------------------------------------------------------ 2: near-miss names

    public static TheoryData<string, string, string> NearMisses() => new()
    {
        { "inboxes?status[]=active", "status[]", "status" },
        { "inboxes?status%5B%5D=active", "status[]", "status" },
        { "inboxes?LIMIT=1", "LIMIT", "limit" },
        { "inboxes?lmit=1", "lmit", "limit" },
        { "inboxes?state=active", "state", "status" },
        { "inboxes?poolid=507f1f77bcf86cd799439011", "poolid", "poolId" },
    };

    [Theory]
    [MemberData(nameof(NearMisses))]
    public async Task A_query_parameter_near_a_documented_one_is_400_naming_it_by_default(string path, string name, string documented)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.GetAsync(path, Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        var detail = Assert.Single(error.GetProperty("details").EnumerateArray());
        Assert.Equal(name, detail.GetProperty("field").GetString());
        Assert.EndsWith($"did you mean '{documented}'?", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public async Task A_near_miss_query_parameter_is_ignored_and_reported_when_the_setting_says_so(string path, string name, string documented)
    {
        await using var fake = await StartWithSettingsAsync("""{"nearMissNames": "ignore"}""");
        using var client = Validated(fake);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"ignored query parameter \"{name}\" (not a parameter of this endpoint; did you mean \"{documented}\"?)"], Warnings(response));
        Assert.Equal(Warnings(response), fake.Journal.Calls.Single().Warnings);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public async Task A_near_miss_query_parameter_is_400_under_strict_even_over_a_lenient_layer(string path, string name, string documented)
    {
        await using var fake = await StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Json("""{"settings": {"nearMissNames": "ignore"}}""", "lenient"));
            o.Scenarios.Add(ScenarioSource.Shipped("strict"));
        });
        using var client = Validated(fake);

        using var response = await client.GetAsync(path, Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal([name], error.DetailFields());
        Assert.Contains(documented, error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dailyLimit", "dailySendingLimit")]
    [InlineData("DailySendingLimit", "dailySendingLimit")]
    [InlineData("emailAdress", "emailAddress")]
    [InlineData("poolID", "poolId")]
    [InlineData("skipTest", "skipConnectionTest")]
    public async Task A_body_field_near_a_documented_one_is_400_naming_it_by_default_and_ignored_when_set(string name, string documented)
    {
        await using var strictByDefault = await StartAsync();
        await using var lenient = await StartAsync(o => o.NearMissNames = FakeLeniency.Ignore);
        await using var strict = await StartAsync(o => o.UseStrictValidation());
        var body = $$"""{"emailAddress": "a@gmail.com", "imapPassword": "p", "{{name}}": 5}""";
        if (name == "emailAdress")
        {
            body = """{"emailAddress": "a@gmail.com", "imapPassword": "p", "emailAdress": "b@gmail.com"}""";
        }
        using var client = Validated(strictByDefault);
        using var lenientClient = Validated(lenient);
        using var strictClient = Validated(strict);

        using var refused = await client.PostJsonAsync("inboxes", body);
        using var ignored = await lenientClient.PostJsonAsync("inboxes", body);
        using var strictRefused = await strictClient.PostJsonAsync("inboxes", body);

        foreach (var response in new[] { refused, strictRefused })
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
            var detail = Assert.Single(error.GetProperty("details").EnumerateArray());
            Assert.Equal((name, $"is not a documented field: did you mean '{documented}'?"), (detail.GetProperty("field").GetString(), detail.GetProperty("message").GetString()));
        }
        Assert.Empty(strictByDefault.Inboxes);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Equal([$"ignored body field \"{name}\" (not documented; did you mean \"{documented}\"?)"], Warnings(ignored));
        Assert.Equal(2, Assert.Single(lenient.Inboxes).DailySendingLimit);
    }

    [Fact]
    public async Task Names_far_from_every_documented_one_stay_ignored_and_reported()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var listed = await client.GetAsync("inboxes?page=2&_=1700000000&sort=asc&cursor=x", Ct);
        using var created = await client.PostJsonAsync("inboxes?status=x", Single("a@gmail.com", "\"tags\": [], \"id\": null, \"name\": \"x\", \"password\": \"y\""));

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(4, Warnings(listed).Count);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(5, Warnings(created).Count);
    }

    // ------------------------------------------------------------------ 3: nulls said out loud

    [Fact]
    public async Task An_explicit_null_is_read_as_not_given_and_reported_by_default()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"poolId\": null, \"dailySendingLimit\": null, \"provider\": null"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["body field \"dailySendingLimit\" is null (read as not given)", "body field \"poolId\" is null (read as not given)", "body field \"provider\" is null (read as not given)"],
            Warnings(response));
        Assert.Equal(Warnings(response), fake.Journal.Calls.Single().Warnings);
        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal(2, inbox.DailySendingLimit);
        Assert.NotEqual(PoolId, inbox.PoolId);
    }

    [Fact]
    public async Task An_explicit_null_is_400_when_the_setting_says_so_and_under_strict()
    {
        await using var rejecting = await StartWithSettingsAsync("""{"nullValues": "reject"}""");
        await using var strict = await StartStrictAsync();
        foreach (var fake in new[] { rejecting, strict })
        {
            using var client = Validated(fake);

            using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"poolId\": null, \"dailySendingLimit\": null"));

            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["dailySendingLimit", "poolId"], error.DetailFields().Order(StringComparer.Ordinal));
            Assert.All(error.GetProperty("details").EnumerateArray(), d => Assert.Equal("must not be null (leave it out when not given)", d.GetProperty("message").GetString()));
            Assert.Empty(fake.Inboxes);
        }
    }

    [Fact]
    public async Task A_null_required_field_is_refused_as_missing_whatever_the_setting()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com", "imapPassword": null}""");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("imapPassword", "is required"), (error.GetProperty("details")[0].GetProperty("field").GetString(), error.GetProperty("details")[0].GetProperty("message").GetString()));
        Assert.Empty(Warnings(response));
    }

    // ------------------------------------------------------------------ 4: duplicates and limits as settings

    [Fact]
    public async Task A_duplicate_json_key_reads_the_last_value_with_a_warning_by_default()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"dailySendingLimit\": 5, \"dailySendingLimit\": 7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["body field \"dailySendingLimit\" given more than once (the last value is read)"], Warnings(response));
        Assert.Equal(7, Assert.Single(fake.Inboxes).DailySendingLimit);
    }

    [Fact]
    public async Task A_duplicate_json_key_is_400_when_the_setting_says_so_and_under_strict()
    {
        await using var rejecting = await StartAsync(o => o.DuplicateKeys = FakeLeniency.Reject);
        await using var strict = await StartStrictAsync();
        foreach (var fake in new[] { rejecting, strict })
        {
            using var client = Validated(fake);

            using var response = await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapPassword": "q"}""");

            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["imapPassword"], error.DetailFields());
            Assert.Equal("is given more than once", error.GetProperty("details")[0].GetProperty("message").GetString());
            Assert.Empty(fake.Inboxes);
        }
    }

    [Fact]
    public async Task A_repeated_query_parameter_is_400_by_default_and_under_strict_and_read_last_when_set()
    {
        await using var byDefault = await StartAsync();
        await using var strict = await StartStrictAsync(o => o.RepeatedQueryParameters = FakeLeniency.Ignore);
        await using var lastWins = await StartWithSettingsAsync("""{"repeatedQueryParameters": "ignore"}""");
        using var defaultClient = Validated(byDefault);
        using var strictClient = Validated(strict);
        using var lastWinsClient = Validated(lastWins);

        using var refused = await defaultClient.GetAsync("inboxes?limit=5&limit=5", Ct);
        using var read = await lastWinsClient.GetAsync("inboxes?limit=5&limit=3", Ct);

        Assert.Equal(["limit"], (await refused.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(3, (await read.JsonAsync()).GetProperty("pagination").GetProperty("limit").GetInt32());
        Assert.Equal(["query parameter \"limit\" given more than once (the last value is read)"], Warnings(read));
        // Options come after the scenarios: code relaxing it over strict wins, as any code option does.
        Assert.Equal(HttpStatusCode.OK, (await strictClient.GetAsync("inboxes?limit=5&limit=3", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_repeated_query_parameter_is_400_under_strict_over_a_lenient_layer()
    {
        await using var fake = await StartAsync(o =>
        {
            o.Scenarios.Add(ScenarioSource.Json("""{"settings": {"repeatedQueryParameters": "ignore", "limitAboveMaximum": "ignore", "providerWhitespace": "ignore"}}""", "lenient"));
            o.Scenarios.Add(ScenarioSource.Shipped("strict"));
        });
        using var client = Validated(fake);

        await (await client.GetAsync("inboxes?limit=5&limit=3", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("inboxes?limit=1001", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"provider\": \" google\""))).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("1001", 1000)]
    [InlineData("5000", 1000)]
    [InlineData("99999999999999999999999", 1000)]
    public async Task A_limit_above_the_maximum_is_400_by_default_and_clamped_with_a_warning_when_set(string limit, int read)
    {
        await using var byDefault = await StartAsync();
        await using var clamping = await StartAsync(o => o.LimitAboveMaximum = FakeLeniency.Ignore);
        await using var strict = await StartStrictAsync();
        using var defaultClient = Validated(byDefault);
        using var clampingClient = Validated(clamping);
        using var strictClient = Validated(strict);

        using var refused = await defaultClient.GetAsync($"inboxes?limit={limit}", Ct);
        using var clamped = await clampingClient.GetAsync($"inboxes?limit={limit}", Ct);
        using var strictRefused = await strictClient.GetAsync($"inboxes?limit={limit}", Ct);

        Assert.Equal(["limit"], (await refused.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(["limit"], (await strictRefused.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(HttpStatusCode.OK, clamped.StatusCode);
        Assert.Equal(read, (await clamped.JsonAsync()).GetProperty("pagination").GetProperty("limit").GetInt32());
        Assert.Equal(["query parameter \"limit\" above 1000 (read as 1000)"], Warnings(clamped));
        Assert.Empty(Warnings(await clampingClient.GetAsync("inboxes?limit=1000", Ct)));
        await (await clampingClient.GetAsync("inboxes?limit=0", Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Provider_white_space_is_400_by_default_and_under_strict_and_trimmed_with_a_warning_when_set()
    {
        await using var byDefault = await StartAsync();
        await using var trimming = await StartWithSettingsAsync("""{"providerWhitespace": "ignore"}""");
        await using var strict = await StartStrictAsync();
        const string item = "\"provider\": \" google\"";

        using var refused = await Validated(byDefault).PostJsonAsync("inboxes", Single("a@gmail.com", item));
        using var trimmed = await Validated(trimming).PostJsonAsync("inboxes", Single("a@gmail.com", item));
        using var strictRefused = await Validated(strict).PostJsonAsync("inboxes", Single("a@gmail.com", item));

        Assert.Equal(["provider"], (await refused.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(["provider"], (await strictRefused.AssertErrorAsync(HttpStatusCode.BadRequest)).DetailFields());
        Assert.Equal(HttpStatusCode.OK, trimmed.StatusCode);
        Assert.Equal(["provider \" google\" read as \"google\" (surrounding white space trimmed)"], Warnings(trimmed));
        Assert.Equal("google", Assert.Single(trimming.Inboxes).Provider);
    }

    // ------------------------------------------------------------------ 5: provider spelling, said out loud

    [Fact]
    public async Task A_provider_in_another_case_is_read_with_a_warning_by_default_and_400_when_set_or_strict()
    {
        await using var byDefault = await StartAsync();
        await using var rejecting = await StartWithSettingsAsync("""{"providerCase": "reject"}""");
        await using var strict = await StartStrictAsync();
        const string item = "\"provider\": \"Google\"";

        using var read = await Validated(byDefault).PostJsonAsync("inboxes", Single("a@company.com", item));
        using var refused = await Validated(rejecting).PostJsonAsync("inboxes", Single("a@company.com", item));
        using var strictRefused = await Validated(strict).PostJsonAsync("inboxes", Single("a@company.com", item));
        using var lowercase = await Validated(strict).PostJsonAsync("inboxes", Single("b@company.com", "\"provider\": \"google\""));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(["provider \"Google\" read as \"google\" (the documented values are lowercase)"], Warnings(read));
        Assert.Equal("google", Assert.Single(byDefault.Inboxes).Provider);
        foreach (var response in new[] { refused, strictRefused })
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["provider"], error.DetailFields());
            Assert.EndsWith("(lowercase)", error.GetProperty("details")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, lowercase.StatusCode);
        Assert.Empty(Warnings(lowercase));
    }

    // ------------------------------------------------------------------ 1: the create answers as variants

    [Fact]
    public async Task A_failed_single_create_answers_200_with_the_batch_envelope_when_set_also_under_strict()
    {
        await using var lenient = await StartAsync(o =>
        {
            o.SingleCreateAnswer = SingleCreateAnswer.BatchEnvelope;
            o.Inboxes.Add(new InboxDefinition { EmailAddress = "taken@gmail.com", PoolId = PoolId });
        });
        await using var strict = await StartStrictAsync(o =>
        {
            o.SingleCreateAnswer = SingleCreateAnswer.BatchEnvelope;
            o.Inboxes.Add(new InboxDefinition { EmailAddress = "taken@gmail.com", PoolId = PoolId });
        });
        foreach (var fake in new[] { lenient, strict })
        {
            await AssertBatchEnvelopeAnswersAsync(fake);
        }
    }

    private static async Task AssertBatchEnvelopeAnswersAsync(DeepLeadFake fake)
    {
        using var client = Validated(fake);

        using var invalid = await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com"}""");
        using var noPool = await client.PostJsonAsync("inboxes", Single("b@gmail.com", "\"poolId\": \"0123456789abcdef01234567\""));
        using var taken = await client.PostJsonAsync("inboxes", Single("taken@gmail.com"));
        using var created = await client.PostJsonAsync("inboxes", Single("c@gmail.com"));

        foreach (var (response, email, error) in new[] { (invalid, "a@gmail.com", "imapPassword is required"), (noPool, "b@gmail.com", "Pool not found"), (taken, "taken@gmail.com", "Email already exists") })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.Equal((1, 0, 1), (body.GetProperty("summary").GetProperty("total").GetInt32(), body.GetProperty("summary").GetProperty("created").GetInt32(), body.GetProperty("summary").GetProperty("failed").GetInt32()));
            var result = Assert.Single(body.GetProperty("results").EnumerateArray());
            Assert.Equal((email, false, error), (result.GetProperty("emailAddress").GetString(), result.GetProperty("success").GetBoolean(), result.GetProperty("error").GetString()));
        }
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True((await created.JsonAsync()).GetProperty("success").GetBoolean());
        Assert.Equal(["imapPassword is required", "Pool not found", "Email already exists"], fake.Journal.FailedItems.Select(i => i.Error));
        Assert.All(fake.Journal.FailedItems, i => Assert.Equal(200, i.Status));
    }

    [Fact]
    public async Task A_failed_single_create_answers_with_its_status_by_default_and_under_strict()
    {
        await using var byDefault = await StartAsync();
        await using var strict = await StartStrictAsync();

        await (await Validated(byDefault).PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com"}""")).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await Validated(strict).PostJsonAsync("inboxes", Single("b@gmail.com", "\"poolId\": \"0123456789abcdef01234567\""))).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("ok", HttpStatusCode.OK)]
    [InlineData("multiStatus", (HttpStatusCode)207)]
    [InlineData("badRequest", HttpStatusCode.BadRequest)]
    public async Task A_batch_whose_every_item_failed_answers_the_status_set_and_a_partly_failed_one_200(string setting, HttpStatusCode expected)
    {
        await using var fake = await StartWithSettingsAsync($$"""{"failedBatchStatus": "{{setting}}"}""");
        await using var strict = await StartStrictAsync(o => o.Scenarios.Insert(0, ScenarioSource.Json($$$"""{"settings": {"failedBatchStatus": "{{{setting}}}"}}""", "variant")));
        foreach (var f in new[] { fake, strict })
        {
            using var client = Validated(f);

            using var allFailed = await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com"}, {"emailAddress": "b@gmail.com", "imapPassword": "p", "poolId": "0123456789abcdef01234567"}]""");
            using var partly = await client.PostJsonAsync("inboxes", """[{"emailAddress": "c@gmail.com"}, {"emailAddress": "d@gmail.com", "imapPassword": "p"}]""");

            Assert.Equal(expected, allFailed.StatusCode);
            if (expected == HttpStatusCode.BadRequest)
            {
                var error = await allFailed.AssertErrorAsync(HttpStatusCode.BadRequest);
                Assert.Equal("No inbox was created", error.GetProperty("error").GetString());
                Assert.Equal(["[0]", "[1]"], error.DetailFields());
                Assert.Equal(["imapPassword is required", "Pool not found"], error.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("message").GetString()));
            }
            else
            {
                var body = await allFailed.JsonAsync();
                Assert.False(body.GetProperty("success").GetBoolean());
                Assert.Equal(2, body.GetProperty("summary").GetProperty("failed").GetInt32());
            }
            Assert.Equal(HttpStatusCode.OK, partly.StatusCode);
            Assert.Equal(["a@gmail.com", "b@gmail.com", "c@gmail.com"], f.Journal.FailedItems.Select(i => i.EmailAddress));
            Assert.Equal([(int)expected, (int)expected, 200], f.Journal.FailedItems.Select(i => i.Status));
        }
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
