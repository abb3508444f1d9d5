using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// One line per message on standard output (<c>info: GET /api/v1/pools -> 200 in 0.4 ms</c>), nothing else: no
/// scopes, no stack traces, no timestamps (CI and container runtimes add their own). The ready line goes through
/// the same queue, so lines never interleave and keep their order.
/// <para>
/// A request only queues its line; a dedicated thread writes the queue in batches, at most <see cref="BatchWindow"/>
/// after a line was queued, with one flush (one write to standard output) per batch. Under load a wake-up and a
/// write per line, on a thread of their own, cost the stub about a tenth of its throughput on two cores. Warnings,
/// errors and the ready line are written at once: a person or a script may be waiting for them. When standard output
/// falls behind by 10,000 lines, requests wait for it rather than memory growing.
/// </para>
/// </summary>
internal sealed class ConsoleLog : ILogger, IDisposable
{
    private const int DefaultBacklog = 10_000;

    /// <summary>How long an information line may wait for its batch: short next to what a person or a CI log notices.</summary>
    private static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly LogLevel _minimum;
    private readonly TextWriter _output;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ManualResetEventSlim _writeNow = new(false);
    private readonly object _room = new();
    private readonly Thread _writer;
    private readonly int _backlog;
    private readonly TimeSpan _batchWindow;
    private int _queued;
    private volatile bool _stopping;

    /// <param name="output">Written only by this log's thread; flushed after every batch.</param>
    /// <param name="backlog">Lines queued before a request waits for standard output.</param>
    /// <param name="batchWindow">How long an information line may wait for its batch (infinite: until a line that is written at once).</param>
    public ConsoleLog(LogLevel minimum, TextWriter output, int backlog = DefaultBacklog, TimeSpan? batchWindow = null)
    {
        _minimum = minimum;
        _backlog = backlog;
        _batchWindow = batchWindow ?? DefaultBatchWindow;
        _output = output;
        _writer = new Thread(WriteBatches) { IsBackground = true, Name = "DeepLead fake log" };
        _writer.Start();
    }

    /// <summary>
    /// Standard output with a buffer of its own: <see cref="Console.Out"/> flushes (a system call) on every line,
    /// whereas a batch should be one write.
    /// </summary>
    public static TextWriter BufferedStandardOutput() =>
        new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };

    /// <summary>Lines queued and not yet written (the one being written included).</summary>
    internal int Queued => Volatile.Read(ref _queued);

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
        Queue($"{Label(logLevel)}: {message}", writeNow: logLevel >= LogLevel.Warning);
    }

    /// <summary>A line that is not a log message (the ready line): written whatever the level, at once.</summary>
    public void WriteLine(string line) => Queue(line, writeNow: true);

    private void Queue(string line, bool writeNow)
    {
        if (_stopping)
        {
            // A request cut off after the stop grace period logs into the void.
            return;
        }
        _lines.Enqueue(line);
        var queued = Interlocked.Increment(ref _queued);
        if (writeNow || queued >= _backlog)
        {
            _writeNow.Set();
        }
        if (queued > _backlog)
        {
            // Standard output is behind (a slow pipe): wait for it, as a synchronous console would.
            lock (_room)
            {
                while (Volatile.Read(ref _queued) > _backlog && !_stopping)
                {
                    Monitor.Wait(_room);
                }
            }
        }
    }

    private void WriteBatches()
    {
        while (true)
        {
            _writeNow.Wait(_batchWindow);
            _writeNow.Reset();
            // Read before the batch: every line queued before the stop is in this batch or an earlier one.
            var stopping = _stopping;
            WriteQueued();
            if (stopping)
            {
                return;
            }
        }
    }

    private void WriteQueued()
    {
        var wrote = false;
        while (_lines.TryDequeue(out var line))
        {
            _output.WriteLine(line);
            Interlocked.Decrement(ref _queued);
            wrote = true;
        }
        if (wrote)
        {
            _output.Flush();
            lock (_room)
            {
                Monitor.PulseAll(_room);
            }
        }
    }

    /// <summary>Writes every queued line, then stops the writer: the last lines of a run are never lost.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        _writeNow.Set();
        _writer.Join();
        lock (_room)
        {
            Monitor.PulseAll(_room);
        }
        // _writeNow is not disposed: a request racing the stop may still set it (it holds no kernel handle unless
        // its WaitHandle is asked for, which nothing does).
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
