using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// One line per message on standard output (<c>info: GET /api/v1/pools -> 200 in 0.4 ms</c>), nothing else: no
/// scopes, no stack traces, no timestamps (CI and container runtimes add their own). The ready line goes through
/// the same queue, so lines never interleave and keep their order.
/// <para>
/// A request only queues its line: a dedicated thread writes them and flushes once per burst, not once per line (a
/// write and a flush on the request's own thread, per request, were on the API's path under load). When standard output falls
/// behind by <see cref="Backlog"/> lines, requests wait for it as they did before, rather than memory growing.
/// </para>
/// </summary>
internal sealed class ConsoleLog : ILogger, IDisposable
{
    private const int Backlog = 10_000;

    private readonly LogLevel _minimum;
    private readonly BlockingCollection<string> _lines = new(Backlog);
    private readonly Thread _writer;

    public ConsoleLog(LogLevel minimum, TextWriter output)
    {
        _minimum = minimum;
        _writer = new Thread(() => Drain(output)) { IsBackground = true, Name = "DeepLead fake log" };
        _writer.Start();
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimum;

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
        try
        {
            _lines.Add(line);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // Stopped: a request cut off after the stop grace period logs into the void.
        }
    }

    private void Drain(TextWriter output)
    {
        foreach (var line in _lines.GetConsumingEnumerable())
        {
            output.WriteLine(line);
            while (_lines.TryTake(out var next))
            {
                output.WriteLine(next);
            }
            output.Flush();
        }
    }

    /// <summary>Writes every queued line, then stops the writer: the last lines of a run are never lost.</summary>
    public void Dispose()
    {
        _lines.CompleteAdding();
        _writer.Join();
        _lines.Dispose();
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
