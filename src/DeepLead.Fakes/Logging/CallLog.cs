using System.Globalization;
using DeepLead.Fakes.Outcomes;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Logging;

/// <summary>One log line per call (method, path, status, time, rule, tenant; never a key or a body), and one for what the fake ignored.</summary>
internal sealed partial class CallLog(ILogger logger) : IExchangeObserver
{
    public void Observe(in Exchange exchange)
    {
        var request = exchange.Request;
        if (exchange.Warnings.Count > 0 && logger.IsEnabled(LogLevel.Warning))
        {
            // A name the fake ignored may be a typo production would also ignore silently: worth a look.
            logger.LogWarning("{Method} {Path}: {Warnings}", request.Method, request.Path, string.Join("; ", exchange.Warnings));
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            var line = new CallLine(
                request.Method,
                request.Path,
                exchange.Abandoned ? "abandoned by the client" : exchange.Response.Fault?.ToString() ?? exchange.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
                exchange.Duration.TotalMilliseconds,
                exchange.ForcedBy,
                exchange.TenantLabel);
            logger.Log(LogLevel.Information, CalledEvent, line, null, CallLine.Format);
            if (exchange.Response.StatusCode >= 400 && exchange.Trace is { } trace)
            {
                // Why an error was given, where the user looks first: GET /__admin/deeplead/journal/{n}/explain has the rest.
                Decided(logger, exchange.Sequence, request.Method, request.Path, CallTrace.Name(trace.DecidedBy), trace.Hint is { } hint ? $"; {hint}" : string.Empty);
            }
        }
    }

    // One line per request is on the stub's hot path: its own state type, which a UTF-8 logger formats without a string.
    private static readonly EventId CalledEvent = new(1, "Called");

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "#{Sequence} {Method} {Path} decided by {DecidedBy}{Hint}")]
    private static partial void Decided(ILogger logger, long sequence, string method, string path, string decidedBy, string hint);
}
