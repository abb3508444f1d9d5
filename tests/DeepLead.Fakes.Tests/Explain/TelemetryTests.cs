using System.Diagnostics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Explain;

/// <summary>
/// The ActivitySource and Meter named <c>DeepLead.Fakes</c>, read with OpenTelemetry's in-memory exporter as a user's
/// OpenTelemetry set-up would read them. The only class that listens, so its tests (run one after another) also see
/// the fake with nobody listening. The listeners are process-wide, so this class runs alone (no other test's calls
/// are counted, and none listens while it checks that nothing is allocated).
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Each_call_is_an_activity_continuing_the_callers_trace_and_a_count_by_operation_status_and_decidedBy(FakeTransport transport)
    {
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource("DeepLead.Fakes").AddInMemoryExporter(activities).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter("DeepLead.Fakes").AddInMemoryExporter(metrics).Build())
        {
            await using var fake = await StartAsync(o => o.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503).Named("outage")), transport);
            using var tenant = fake.CreateTenant();
            using var client = fake.CreateClient();
            using var tenantClient = tenant.CreateClient();
            const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            using (var request = new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=100&colour=blue"))
            {
                request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
                using var traced = await client.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.OK, traced.StatusCode);
            }
            (await client.GetAsync("pools?outage=1", Ct)).Dispose();
            (await client.GetAsync("pools?outage=1", Ct)).Dispose();
            (await client.GetAsync("inbox", Ct)).Dispose();
            (await tenantClient.GetAsync("pools", Ct)).Dispose();
            tracing.ForceFlush();
            meters.ForceFlush();

            Assert.Equal(5, activities.Count);
            var first = activities[0];
            Assert.Equal(ActivityTraceId.CreateFromString(TraceId), first.TraceId);
            Assert.Equal(ActivitySpanId.CreateFromString("00f067aa0ba902b7"), first.ParentSpanId);
            Assert.Equal(ActivityKind.Server, first.Kind);
            Assert.Equal("DeepLead fake GET /inboxes", first.DisplayName);
            Assert.Equal(("GET /inboxes", 200, "endpoint", 1, "primary"), (
                first.GetTagItem("deeplead.operation"), first.GetTagItem("http.response.status_code"), first.GetTagItem("deeplead.decided_by"),
                first.GetTagItem("deeplead.warnings"), first.GetTagItem("deeplead.tenant")));
            Assert.True(first.Duration > TimeSpan.Zero);
            Assert.Equal(("rule", "outage"), (activities[1].GetTagItem("deeplead.decided_by"), activities[1].GetTagItem("deeplead.rule")));
            Assert.Equal(("unknown route", "route"), (activities[3].GetTagItem("deeplead.operation"), activities[3].GetTagItem("deeplead.decided_by")));
            Assert.Equal(tenant.Label, activities[4].GetTagItem("deeplead.tenant"));
            Assert.NotEqual(activities[0].TraceId, activities[1].TraceId);
            Assert.DoesNotContain(activities.SelectMany(a => a.TagObjects), t => t.Value is string s && s.Contains(fake.ApiKey, StringComparison.Ordinal));

            var counts = new Dictionary<(string, long, string), long>();
            foreach (var point in Assert.Single(metrics, m => m.Name == "deeplead.fakes.calls").GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }
                counts[((string)tags["deeplead.operation"]!, Convert.ToInt64(tags["http.response.status_code"], System.Globalization.CultureInfo.InvariantCulture), (string)tags["deeplead.decided_by"]!)] = point.GetSumLong();
            }
            Assert.Equal(new Dictionary<(string, long, string), long>
            {
                [("GET /inboxes", 200, "endpoint")] = 1,
                [("GET /pools", 503, "rule")] = 2,
                [("unknown route", 404, "route")] = 1,
                [("GET /pools", 200, "endpoint")] = 1,
            }, counts);
        }
    }

    [Fact]
    public async Task With_nobody_listening_recording_a_call_allocates_nothing()
    {
        await using var fake = await StartAsync(transport: FakeTransport.InMemory);
        using var client = fake.CreateClient();
        (await client.GetAsync("pools", Ct)).Dispose();
        Assert.False(new ActivitySource("DeepLead.Fakes").HasListeners());
        var exchange = new DeepLead.Fakes.Outcomes.Exchange(1, default, null, default, null, [], TimeSpan.FromMilliseconds(1), new object(), null);
        var recorder = DeepLead.Fakes.Logging.TelemetryRecorder.Instance;
        recorder.Observe(exchange);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            recorder.Observe(exchange);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}

[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;
