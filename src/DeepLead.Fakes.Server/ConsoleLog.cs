using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// One line per message on standard output (<c>info: GET /api/v1/pools -> 200 in 0.4 ms</c>), nothing else: no
/// scopes, no stack traces, no timestamps (CI and container runtimes add their own). The ready line goes through
/// the same lock, so lines never interleave.
/// </summary>
internal sealed class ConsoleLog(LogLevel minimum, TextWriter output) : ILogger
{
    private readonly Lock _gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var message = formatter(state, exception);
        if (exception is not null)
        {
            message += $" ({exception.GetType().Name})";
        }
        WriteLine($"{Label(logLevel)}: {message}");
    }

    /// <summary>A line that is not a log message (the ready line): written whatever the level.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
