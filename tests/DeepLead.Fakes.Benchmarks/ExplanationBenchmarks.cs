using DeepLead.Fakes.Composition;
using BenchmarkDotNet.Attributes;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// What explanations cost. <see cref="TraceKeptPerCall"/> makes exactly what the journal keeps per call for its
/// explanation (a <see cref="CallTrace"/> of a served <c>GET /inboxes?limit=100</c>; everything it points to exists
/// anyway: the rule, the settings, the error details), so its <c>Allocated</c> column is the bytes retained per
/// explanation. <see cref="HotGet"/> is the whole call through the core with it, for its allocations per call;
/// <see cref="ExplainOnDemand"/> is the cost of reading one explanation, paid only when someone asks. Run:
/// <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --filter '*ExplanationBenchmarks*'</c>.
/// </summary>
[Config(typeof(QuickConfig))]
public class ExplanationBenchmarks
{
    private static readonly ApiRequest Request = new("GET", "/api/v1/inboxes", "?limit=100", "Bearer dl_your_api_key_here", null, ReadOnlyMemory<byte>.Empty);

    private FakeWorld _world = null!;
    private FakeCall _failedCall = null!;
    private World.ApiSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        _world = FakeWorld.Create(options);
        _settings = _world.Settings;
        _world.Api.HandleAsync(Request with { RawQuery = "?limit=0" }).AsTask().GetAwaiter().GetResult();
        _failedCall = _world.Journal.Snapshot()[^1];
        if (_failedCall.Explanation.DecidedBy != "query")
        {
            throw new InvalidOperationException($"Set-up expected a query-decided call, got {_failedCall.Explanation.DecidedBy}");
        }
    }

    [Benchmark]
    public object TraceKeptPerCall()
    {
        var trace = new CallTrace { Settings = _settings, Operation = "GET /inboxes", Routed = true };
        trace.Complete(null, "GET");
        return trace;
    }

    [Benchmark]
    public int HotGet() => _world.Api.HandleAsync(Request).Result.StatusCode;

    [Benchmark]
    public string ExplainOnDemand() => _failedCall.Explanation.ToString();
}

/// <summary>
/// The hot <c>GET /inboxes?limit=100</c> through the core with nobody listening to the fake's telemetry, and with an
/// <see cref="System.Diagnostics.ActivityListener"/> recording every <c>DeepLead.Fakes</c> activity and a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/> on its meter (what an OpenTelemetry exporter attaches). Run:
/// <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --filter '*TelemetryListenerBenchmarks*'</c>.
/// </summary>
[Config(typeof(QuickConfig))]
public class TelemetryListenerBenchmarks
{
    private static readonly ApiRequest Request = new("GET", "/api/v1/inboxes", "?limit=100", "Bearer dl_your_api_key_here", null, ReadOnlyMemory<byte>.Empty);

    private FakeWorld _world = null!;
    private System.Diagnostics.ActivityListener? _activities;
    private System.Diagnostics.Metrics.MeterListener? _meters;
    private long _measurements;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        _world = FakeWorld.Create(options);
        if (Listening)
        {
            _activities = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == FakeTelemetry.Name,
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            };
            System.Diagnostics.ActivitySource.AddActivityListener(_activities);
            _meters = new System.Diagnostics.Metrics.MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == FakeTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _meters.Start();
        }
        var status = HotGet();
        if (status != 200 || FakeTelemetry.IsListening != Listening)
        {
            throw new InvalidOperationException($"Set-up: status {status}, listening {FakeTelemetry.IsListening} (expected {Listening})");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
    }

    [Benchmark]
    public int HotGet() => _world.Api.HandleAsync(Request).Result.StatusCode;
}
