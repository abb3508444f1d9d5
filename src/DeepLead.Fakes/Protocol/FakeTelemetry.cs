using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeepLead.Fakes.Protocol;

/// <summary>
/// The fake's telemetry: one <see cref="Activity"/> per call from the <see cref="ActivitySource"/> and a call counter on
/// the <see cref="Meter"/>, both named <c>DeepLead.Fakes</c>. Nothing is read or allocated for either while nobody listens.
/// </summary>
internal static class FakeTelemetry
{
    public const string Name = "DeepLead.Fakes";

    public static readonly ActivitySource Source = new(Name, typeof(FakeTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(FakeTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Calls answered, tagged with operation, status and the step that decided the answer.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("deeplead.fakes.calls", "{call}", "Calls the DeepLead fake answered");

    /// <summary>True while an activity listener or a meter listener wants the fake's data.</summary>
    public static bool IsListening => Source.HasListeners() || Calls.Enabled;
}
