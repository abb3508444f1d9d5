using System.Text.Json.Nodes;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Tests.Shadowing;

/// <summary>
/// Issue 26, finding 1: each reading of the create answers the documentation never shows, planted in an upstream,
/// is found by the shadow with the setting that removes it, and the written layer settles it.
/// </summary>
public sealed class CreateAnswerShadowTests
{
    private static CancellationToken Ct => TestSupport.Ct;

    /// <summary>A single create that fails (no such pool) and a batch in which every item fails (no password, no such pool).</summary>
    private static async Task RunFailingCreatesAsync(HttpClient client)
    {
        (await client.PostJsonAsync("inboxes", $$"""{"emailAddress":"one@gmail.com","poolId":"{{Upstream.NoSuchPool}}","imapPassword":"pw-1"}""")).Dispose();
        (await client.PostJsonAsync("inboxes", $$"""[{"emailAddress":"two@gmail.com"},{"emailAddress":"three@gmail.com","poolId":"{{Upstream.NoSuchPool}}","imapPassword":"pw-3"}]""")).Dispose();
        (await client.PostJsonAsync("inboxes", """[{"emailAddress":"four@gmail.com"},{"emailAddress":"five@gmail.com","imapPassword":"pw-5"}]""")).Dispose();
    }

    private static ShadowOptions Options(FakeTransport transport, Action<DeepLeadFakeOptions>? configure = null) => new()
    {
        ApiKey = Upstream.Key,
        Transport = transport,
        ForwardWrites = true,
        ConfigureFake = options =>
        {
            options.Clock = Upstream.Clock;
            configure?.Invoke(options);
        },
    };

    public static TheoryData<FakeTransport, string, string> Readings()
    {
        var data = new TheoryData<FakeTransport, string, string>();
        foreach (var transport in new[] { FakeTransport.WireMock, FakeTransport.InMemory })
        {
            data.Add(transport, "singleCreateAnswer", "batchEnvelope");
            data.Add(transport, "failedBatchStatus", "multiStatus");
            data.Add(transport, "failedBatchStatus", "badRequest");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Readings))]
    public async Task A_planted_create_answer_reading_is_suggested_and_the_written_layer_removes_it(FakeTransport transport, string setting, string value)
    {
        var planted = new JsonObject { [setting] = value };
        ShadowReport report;
        await using (var upstream = await Upstream.StartAsync(transport, Upstream.Scenario(settings: planted)))
        using (var source = Upstream.Client(upstream))
        await using (var shadow = await DeepLeadShadow.StartAsync(source, Options(transport), Ct))
        using (var client = shadow.CreateClient())
        {
            await RunFailingCreatesAsync(client);
            report = shadow.GetReport();
        }

        var group = Assert.Single(report.Groups);
        Assert.Equal("POST /inboxes", group.Endpoint);
        Assert.Equal(new ShadowSetting(setting, value), group.SuggestedSetting);
        Assert.Empty(group.AlternativeSettings);
        Assert.Equal(new Dictionary<string, string> { [setting] = value }, report.SuggestedSettings);

        await using var upstreamAgain = await Upstream.StartAsync(transport, Upstream.Scenario(settings: new JsonObject { [setting] = value }));
        using var sourceAgain = Upstream.Client(upstreamAgain);
        var options = Options(transport, o => o.Scenarios.Add(ScenarioSource.Json(report.ToSettingsLayerJson(), "written settings")));
        options.ExplainDifferences = false;
        await using var settled = await DeepLeadShadow.StartAsync(sourceAgain, options, Ct);
        using var settledClient = settled.CreateClient();
        await RunFailingCreatesAsync(settledClient);
        var after = settled.GetReport();
        Assert.True(after.NoDifferences, after.ToSummary());
        Assert.Equal(3, after.Counts.Compared);
    }
}
