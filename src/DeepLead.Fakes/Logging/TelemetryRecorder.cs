using System.Diagnostics;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Logging;

/// <summary>
/// Turns each exchange into an <see cref="Activity"/> (started at the call's start, ended now, under the caller's
/// <c>traceparent</c> when it sent one) and a count on the calls counter. Made after the answer, from the typed exchange:
/// the pipeline does no telemetry work of its own, and with no listener this is two checks.
/// </summary>
internal sealed class TelemetryRecorder : IExchangeObserver
{
    public static readonly TelemetryRecorder Instance = new();

    public void Observe(in Exchange exchange)
    {
        var tracing = FakeTelemetry.Source.HasListeners();
        var counting = FakeTelemetry.Calls.Enabled;
        if (!tracing && !counting)
        {
            return;
        }
        var request = exchange.Request;
        var operation = exchange.Trace?.Operation ?? "unknown route";
        var decidedBy = exchange.Trace is { } trace ? CallTrace.Name(trace.DecidedBy) : "endpoint";
        var status = exchange.Response.StatusCode;
        if (counting)
        {
            var tags = new TagList
            {
                { "deeplead.operation", operation },
                { "http.response.status_code", status },
                { "deeplead.decided_by", decidedBy },
            };
            FakeTelemetry.Calls.Add(1, tags);
        }
        if (!tracing)
        {
            return;
        }
        ActivityContext.TryParse(request.TraceParent, null, isRemote: true, out var parent);
        var now = DateTimeOffset.UtcNow;
        using var activity = FakeTelemetry.Source.StartActivity($"DeepLead fake {operation}", ActivityKind.Server, parent, startTime: now - exchange.Duration);
        if (activity is null)
        {
            return;
        }
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.path", request.Path);
        activity.SetTag("deeplead.operation", operation);
        activity.SetTag("http.response.status_code", status);
        activity.SetTag("deeplead.decided_by", decidedBy);
        activity.SetTag("deeplead.call", exchange.Sequence);
        if (exchange.ForcedBy is { } rule)
        {
            activity.SetTag("deeplead.rule", rule);
        }
        activity.SetTag("deeplead.tenant", exchange.TenantLabel ?? "primary");
        activity.SetTag("deeplead.warnings", exchange.Warnings.Count);
        if (exchange.Response.Fault is { } fault)
        {
            activity.SetTag("deeplead.fault", fault.ToString());
        }
        if (status >= 500 || exchange.Response.Fault is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
        activity.SetEndTime(now.UtcDateTime);
    }
}
