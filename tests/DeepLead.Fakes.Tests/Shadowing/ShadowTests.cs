using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Tests.Shadowing;

public sealed class ShadowTests
{
    private const string Password = "imap-Pa55-word-xyz";

    private static CancellationToken Ct => TestSupport.Ct;

    /// <summary>The upstream's readings where the documentation is silent: none of them the fake's default.</summary>
    private static JsonObject PlantedSettings() => new()
    {
        ["unknownPoolFilter"] = "emptyPage",
        ["timestampPrecision"] = "milliseconds",
        ["emailUniqueness"] = "pool",
    };

    /// <summary>Traffic that meets each planted setting once (the write last: it makes the two accounts differ).</summary>
    private static async Task RunSettingsTrafficAsync(HttpClient client)
    {
        (await client.GetAsync("pools", Ct)).Dispose();
        (await client.GetAsync("inboxes?limit=50", Ct)).Dispose();
        (await client.GetAsync($"inboxes?poolId={Upstream.NoSuchPool}", Ct)).Dispose();
        (await client.PostJsonAsync("inboxes", $$"""{"emailAddress":"{{Upstream.PausedAddress}}","poolId":"{{Upstream.SupportPool}}","imapPassword":"{{Password}}"}""")).Dispose();
    }

    private static ShadowOptions Options(FakeTransport transport, bool forwardWrites = true, Action<DeepLeadFakeOptions>? configure = null) => new()
    {
        ApiKey = Upstream.Key,
        Transport = transport,
        ForwardWrites = forwardWrites,
        ConfigureFake = options =>
        {
            options.Clock = Upstream.Clock;
            configure?.Invoke(options);
        },
    };

    private static IEnumerable<(string, string, string)> Groups(ShadowReport report) => report.Groups.Select(g => (g.Endpoint, g.Kind, g.Path));

    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task Planted_readings_are_found_with_their_settings_and_the_written_layer_removes_them(FakeTransport transport)
    {
        ShadowReport report;
        await using (var upstream = await Upstream.StartAsync(transport, Upstream.Scenario(generated: 30, settings: PlantedSettings())))
        using (var source = Upstream.Client(upstream))
        await using (var shadow = await DeepLeadShadow.StartAsync(source, Options(transport), Ct))
        using (var client = shadow.CreateClient())
        {
            await RunSettingsTrafficAsync(client);
            report = shadow.GetReport();
        }

        Assert.Equal(
        [
            ("GET /pools", DifferenceKinds.TimestampPrecision, "pools[].createdAt"),
            ("GET /inboxes", DifferenceKinds.TimestampPrecision, "inboxes[].createdAt"),
            ("GET /inboxes", DifferenceKinds.Status, ""),
            ("POST /inboxes", DifferenceKinds.Status, ""),
        ], Groups(report));
        Assert.Equal(
        [
            new ShadowSetting("timestampPrecision", "milliseconds"),
            new ShadowSetting("timestampPrecision", "milliseconds"),
            new ShadowSetting("unknownPoolFilter", "emptyPage"),
            new ShadowSetting("emailUniqueness", "pool"),
        ], report.Groups.Select(g => g.SuggestedSetting));
        Assert.Equal(new Dictionary<string, string> { ["emailUniqueness"] = "pool", ["timestampPrecision"] = "milliseconds", ["unknownPoolFilter"] = "emptyPage" },
            report.SuggestedSettings);
        Assert.Equal(new ShadowCounts(Total: 4, Compared: 4, WithDifferences: 4, AnsweredByFakeOnly: 0, NotCompared: 0), report.Counts);
        var unknownPool = report.Groups[2];
        Assert.Equal("200", unknownPool.Upstream);
        Assert.Equal("404 \"Pool not found\"", unknownPool.Fake);
        Assert.Equal($"/inboxes?poolId={Upstream.NoSuchPool}", unknownPool.Request.Path);

        // The same traffic against a fresh upstream, the fake now with the written layer over the snapshot: no difference.
        var layer = report.ToSettingsLayerJson();
        await using var upstreamAgain = await Upstream.StartAsync(transport, Upstream.Scenario(generated: 30, settings: PlantedSettings()));
        using var sourceAgain = Upstream.Client(upstreamAgain);
        var options = Options(transport, configure: o => o.Scenarios.Add(ScenarioSource.Json(layer, "written settings")));
        options.ExplainDifferences = false;
        await using var settled = await DeepLeadShadow.StartAsync(sourceAgain, options, Ct);
        using var settledClient = settled.CreateClient();
        await RunSettingsTrafficAsync(settledClient);
        var after = settled.GetReport();
        Assert.True(after.NoDifferences, after.ToSummary());
        Assert.Equal(4, after.Counts.Compared);
    }

    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task Differences_no_setting_explains_are_found_exactly_with_a_hint_and_no_setting(FakeTransport transport)
    {
        // Planted: a 500 on one item of a batch, and a rate limit that the third call after the snapshot's two reaches.
        var rules = new JsonArray(new JsonObject
        {
            ["match"] = new JsonObject { ["body"] = new JsonObject { ["emailAddress"] = "broken@gmail.com" } },
            ["failItem"] = new JsonObject { ["status"] = 500, ["error"] = "Internal error" },
        });
        var settings = new JsonObject { ["rateLimit"] = new JsonObject { ["calls"] = 4, ["windowSeconds"] = 3600 } };
        await using var upstream = await Upstream.StartAsync(transport, Upstream.Scenario(settings: settings, rules: rules));
        // Planted: a field the fake does not know on every listed inbox.
        using var source = Upstream.Client(upstream, new ExtraFieldHandler());
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(transport), Ct);
        using var client = shadow.CreateClient();

        using var listed = await client.GetAsync("inboxes", Ct);
        Assert.Contains("\"warmupStatus\"", await listed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // the caller sees the upstream
        (await client.PostJsonAsync("inboxes", $$"""[{"emailAddress":"fine@gmail.com","imapPassword":"{{Password}}"},{"emailAddress":"broken@gmail.com","imapPassword":"{{Password}}"}]""")).Dispose();
        using var throttled = await client.GetAsync("pools", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);

        var report = shadow.GetReport();
        Assert.Equal(
        [
            ("GET /inboxes", DifferenceKinds.ExtraField, "inboxes[].warmupStatus"),
            ("POST /inboxes", DifferenceKinds.Value, "success"),
            ("POST /inboxes", DifferenceKinds.Value, "summary.created"),
            ("POST /inboxes", DifferenceKinds.Value, "summary.failed"),
            ("POST /inboxes", DifferenceKinds.Value, "results[].success"),
            ("POST /inboxes", DifferenceKinds.ExtraField, "results[].error"),
            ("POST /inboxes", DifferenceKinds.MissingField, "results[].inboxId"),
            ("POST /inboxes", DifferenceKinds.MissingField, "results[].autoFilledFields"),
            ("GET /pools", DifferenceKinds.RateLimited, ""),
        ], Groups(report));
        Assert.All(report.Groups, g => Assert.Null(g.SuggestedSetting));
        Assert.All(report.Groups, g => Assert.NotNull(g.Hint));
        Assert.Empty(report.SuggestedSettings);
        Assert.Equal("{}", JsonNode.Parse(report.ToSettingsLayerJson())!["settings"]!.ToJsonString());
        Assert.StartsWith("429 (Retry-After: ", report.Groups[^1].Upstream, StringComparison.Ordinal);
        Assert.Equal("curl -X GET \"" + upstream.BaseAddress.AbsoluteUri.TrimEnd('/') + "/pools\" -H \"Authorization: Bearer $DEEPLEAD_API_KEY\"", report.Groups[^1].Request.Curl);
    }

    [Fact]
    public async Task Writes_are_answered_by_the_fake_alone_unless_forwarding_is_asked_for()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario());
        using var source = Upstream.Client(upstream);
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory, forwardWrites: false), Ct);
        using var client = shadow.CreateClient();

        using var created = await client.PostJsonAsync("inboxes", $$"""{"emailAddress":"local@gmail.com","poolId":"{{Upstream.SalesPool}}","imapPassword":"{{Password}}"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        (await client.GetAsync("inboxes", Ct)).Dispose();

        Assert.DoesNotContain(upstream.Journal.Calls, c => c.Method == "POST");
        Assert.DoesNotContain(upstream.Inboxes, i => i.EmailAddress == "local@gmail.com");
        Assert.Contains(shadow.Fake.Inboxes, i => i.EmailAddress == "local@gmail.com");
        var report = shadow.GetReport();
        Assert.Equal(new ShadowCounts(Total: 2, Compared: 1, WithDifferences: 1, AnsweredByFakeOnly: 1, NotCompared: 0), report.Counts);
        Assert.StartsWith("POST /inboxes: 1 write was answered by the fake alone", Assert.Single(report.Notes), StringComparison.Ordinal);
        Assert.All(report.Groups, g => Assert.True(g.AfterLocalWrite));
        Assert.Contains(("GET /inboxes", DifferenceKinds.MissingItem, "inboxes[]"), Groups(report));
    }

    [Fact]
    public async Task Reports_and_the_settings_layer_never_hold_a_key_or_a_password()
    {
        var settings = PlantedSettings();
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(settings: settings));
        // The upstream even echoes the caller's key in an answer: the report must not repeat it.
        using var source = Upstream.Client(upstream, new ExtraFieldHandler(echoKey: true));
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory), Ct);
        using var client = shadow.CreateClient();
        await RunSettingsTrafficAsync(client);
        using var otherKey = shadow.CreateClient("dl_second_secret_key_42");
        (await otherKey.GetAsync("inboxes", Ct)).Dispose();
        (await otherKey.PostJsonAsync("inboxes", $$"""{"emailAddress":"x@gmail.com","imapPassword":"{{Password}}","smtpPassword":"smtp-{{Password}}"}""")).Dispose();

        var report = shadow.GetReport();
        Assert.Contains(report.Groups, g => g.Kind == DifferenceKinds.ExtraField && g.Upstream.Contains("<key>", StringComparison.Ordinal));
        Assert.Contains(report.Groups, g => g.Request.Body is { } body && body.Contains("<redacted>", StringComparison.Ordinal));
        var path = Path.Combine(Path.GetTempPath(), $"shadow-{Guid.NewGuid():N}.json");
        try
        {
            await report.WriteAsync(path, Ct);
            foreach (var text in new[] { report.ToJson(), report.ToSummary(), report.ToSettingsLayerJson(), await File.ReadAllTextAsync(path, Ct), await File.ReadAllTextAsync(ShadowReport.SummaryPath(path), Ct) })
            {
                Assert.DoesNotContain(Upstream.Key, text, StringComparison.Ordinal);
                Assert.DoesNotContain("dl_second_secret_key_42", text, StringComparison.Ordinal);
                Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(ShadowReport.SummaryPath(path));
        }
    }

    [Fact]
    public async Task Ids_the_two_sides_create_differently_are_paired_and_translated_in_later_requests()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario());
        using var source = Upstream.Client(upstream);
        // A different seed: every id the fake makes differs from the upstream's.
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory, configure: o => o.Seed = 12345), Ct);
        using var client = shadow.CreateClient();

        using var created = await client.PostJsonAsync("inboxes", $$"""{"emailAddress":"auto@gmail.com","imapPassword":"{{Password}}"}""");
        var autoPoolId = (await created.JsonAsync()).GetProperty("autoCreatedPool").GetProperty("id").GetString();
        Assert.Equal(upstream.Pools[^1].Id, autoPoolId);
        Assert.NotEqual(shadow.Fake.Pools[^1].Id, autoPoolId);
        using var filtered = await client.GetAsync($"inboxes?poolId={autoPoolId}", Ct);
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        (await client.GetAsync("pools", Ct)).Dispose();

        var report = shadow.GetReport();
        Assert.True(report.NoDifferences, report.ToSummary());
        Assert.Contains(shadow.Fake.Journal.Calls, c => c.Query == $"poolId={shadow.Fake.Pools[^1].Id}" && c.Status == 200);
    }

    [Fact]
    public async Task Error_answers_are_compared_by_shape_and_message_class()
    {
        Assert.Equal(ResponseComparer.MessageClass("Pool <id> not found"), ResponseComparer.MessageClass("Pool 65a0000000000000000000ff not found"));
        Assert.Equal(ResponseComparer.MessageClass("Email 'a@b.com' already exists (2 found)"), ResponseComparer.MessageClass("Email 'c@d.org' already exists (7 found)."));
        Assert.NotEqual(ResponseComparer.MessageClass("Pool not found"), ResponseComparer.MessageClass("Inbox not found"));

        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(rules: new JsonArray(new JsonObject
        {
            ["match"] = new JsonObject { ["path"] = "/inboxes", ["query"] = new JsonObject { ["status"] = "bogus" } },
            ["respond"] = new JsonObject { ["status"] = 400, ["body"] = new JsonObject { ["message"] = "bad status" } },
        })));
        using var source = Upstream.Client(upstream);
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory), Ct);
        using var client = shadow.CreateClient();
        (await client.GetAsync("inboxes?status=bogus", Ct)).Dispose();
        (await client.GetAsync("inboxes?limit=0", Ct)).Dispose();

        var group = Assert.Single(shadow.GetReport().Groups);
        Assert.Equal(("GET /inboxes", DifferenceKinds.ErrorShape, ""), (group.Endpoint, group.Kind, group.Path));
        Assert.Equal("{message: string}", group.Upstream);
        Assert.StartsWith("{details: array, error: string}", group.Fake, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_callers_are_shadowed_one_at_a_time_and_every_call_is_counted()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario(generated: 200));
        using var source = Upstream.Client(upstream);
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory, forwardWrites: true), Ct);
        using var client = shadow.CreateClient();

        var calls = Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = i % 4 == 0
                ? await client.PostJsonAsync("inboxes", $$"""{"emailAddress":"parallel{{i}}@gmail.com","poolId":"{{Upstream.SalesPool}}","imapPassword":"p"}""")
                : await client.GetAsync($"inboxes?limit=10&skip={i}", Ct);
            return response.StatusCode;
        });

        Assert.All(await Task.WhenAll(calls), status => Assert.Equal(HttpStatusCode.OK, status));
        var report = shadow.GetReport();
        Assert.True(report.NoDifferences, report.ToSummary());
        Assert.Equal(40, report.Counts.Compared);
        Assert.Equal(upstream.Inboxes.Select(i => i.EmailAddress), shadow.Fake.Inboxes.Select(i => i.EmailAddress));
    }

    [Fact]
    public async Task Paths_outside_the_api_get_404_and_reach_nobody()
    {
        await using var upstream = await Upstream.StartAsync(FakeTransport.InMemory, Upstream.Scenario());
        using var source = Upstream.Client(upstream);
        await using var shadow = await DeepLeadShadow.StartAsync(source, Options(FakeTransport.InMemory), Ct);
        using var client = shadow.CreateClient();
        var callsAfterSnapshot = upstream.Journal.Calls.Count;

        using var response = await client.GetAsync("/__admin/mappings", Ct);

        await TestSupport.AssertErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(callsAfterSnapshot, upstream.Journal.Calls.Count);
        Assert.Equal(new ShadowCounts(Total: 1, Compared: 0, WithDifferences: 0, AnsweredByFakeOnly: 0, NotCompared: 1), shadow.GetReport().Counts);
    }

    [Fact]
    public async Task An_unreachable_upstream_answers_502_in_the_documented_shape_and_is_reported()
    {
        DeepLeadSnapshot snapshot;
        Uri gone;
        await using (var upstream = await Upstream.StartAsync(FakeTransport.WireMock, Upstream.Scenario()))
        {
            using var source = Upstream.Client(upstream);
            snapshot = await DeepLeadSnapshot.TakeAsync(source, Upstream.SnapshotOptions(), Ct);
            gone = upstream.BaseAddress;
        }
        using var unreachable = new HttpClient { BaseAddress = gone };
        var options = Options(FakeTransport.InMemory);
        options.Snapshot = snapshot;
        await using var shadow = await DeepLeadShadow.StartAsync(unreachable, options, Ct);
        using var client = shadow.CreateClient();

        using var response = await client.GetAsync("pools", Ct);

        var error = await TestSupport.AssertErrorAsync(response, HttpStatusCode.BadGateway);
        Assert.StartsWith("Shadow: the upstream could not be reached", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        var group = Assert.Single(shadow.GetReport().Groups);
        Assert.Equal(DifferenceKinds.UpstreamUnreachable, group.Kind);
        Assert.DoesNotContain(Upstream.Key, shadow.GetReport().ToJson(), StringComparison.Ordinal);
    }

    /// <summary>Adds <c>warmupStatus</c> (or the caller's key, for the secrecy test) to every inbox the upstream lists.</summary>
    private sealed class ExtraFieldHandler(bool echoKey = false) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Get || request.RequestUri!.AbsolutePath != "/api/v1/inboxes" || response.StatusCode != HttpStatusCode.OK
                || request.RequestUri.Query.Contains("skip=", StringComparison.Ordinal))
            {
                return response; // the snapshot's pages (limit and skip) stay as they are
            }
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var inbox in json["inboxes"]!.AsArray())
            {
                inbox!["warmupStatus"] = echoKey ? $"owned by {request.Headers.Authorization!.Parameter}" : "done";
            }
            response.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }
}
