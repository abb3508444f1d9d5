using System.Text;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// One line per message on standard output (<c>info: GET /api/v1/pools -> 200 in 0.4 ms</c>), nothing else: no
/// scopes, no stack traces, no timestamps (CI and container runtimes add their own). The ready line goes through
/// the same buffer, so lines never interleave and keep their order.
/// <para>
/// A request only encodes its line into a shared buffer; a dedicated thread writes the buffer in batches, at most
/// 50 ms after a line was added, with one write (and one flush) per batch. Under load, a wake-up and a write per line
/// cost the stub about a tenth of its throughput on two cores, and a queue of line strings kept every line alive across
/// a garbage collection. Warnings, errors and the ready line are written at once: a person or a script may be waiting
/// for them. When standard output falls behind by 10,000 lines, requests wait for it rather than memory growing.
/// </para>
/// </summary>
internal sealed class ConsoleLog : ILogger, IDisposable
{
    private const int DefaultBacklog = 10_000;

    /// <summary>How long an information line may wait for its batch: short next to what a person or a CI log notices.</summary>
    private static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(50);

    private const int InitialBufferBytes = 16 * 1024;

    private readonly LogLevel _minimum;
    private readonly Stream _output;
    private readonly int _backlog;
    private readonly TimeSpan _batchWindow;
    private readonly Thread _writer;
    private readonly ManualResetEventSlim _writeNow = new(false);

    /// <summary>Guards the buffer and the counts below; requests waiting for standard output wait on it.</summary>
    private readonly object _gate = new();

    private byte[] _pending = new byte[InitialBufferBytes];
    private int _pendingBytes;
    private int _pendingLines;
    private int _writingLines;
    private bool _stopping;

    /// <param name="output">Written only by this log's thread, one write and one flush per batch.</param>
    /// <param name="backlog">Lines queued before a request waits for standard output.</param>
    /// <param name="batchWindow">How long an information line may wait for its batch (infinite: until a line that is written at once).</param>
    public ConsoleLog(LogLevel minimum, Stream output, int backlog = DefaultBacklog, TimeSpan? batchWindow = null)
    {
        _minimum = minimum;
        _output = output;
        _backlog = backlog;
        _batchWindow = batchWindow ?? DefaultBatchWindow;
        _writer = new Thread(WriteBatches) { IsBackground = true, Name = "DeepLead fake log" };
        _writer.Start();
    }

    /// <summary>Lines queued and not yet written (the batch being written included).</summary>
    internal int Queued
    {
        get
        {
            lock (_gate)
            {
                return _pendingLines + _writingLines;
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        if (exception is null && Utf8Writer<TState>.Write is { } write)
        {
            // The engine's per-call line: formatted straight into the buffer, no string (and, for a struct, no box) made.
            if (!AddUtf8(Label(logLevel), in state, write, writeNow: logLevel >= LogLevel.Warning))
            {
                Add(Label(logLevel), state?.ToString() ?? string.Empty, null, writeNow: logLevel >= LogLevel.Warning);
            }
            return;
        }
        Add(Label(logLevel), formatter(state, exception), exception is null ? null : $" ({exception.GetType().Name})", writeNow: logLevel >= LogLevel.Warning);
    }

    /// <summary>A line that is not a log message (the ready line): written whatever the level, at once.</summary>
    public void WriteLine(string line) => Add(null, line, null, writeNow: true);

    private void Add(string? label, string message, string? suffix, bool writeNow)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                // A request cut off after the stop grace period logs into the void.
                return;
            }
            var most = Encoding.UTF8.GetMaxByteCount((label?.Length ?? 0) + 2 + message.Length + (suffix?.Length ?? 0) + 1);
            if (_pending.Length - _pendingBytes < most)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingBytes + most));
            }
            if (label is not null)
            {
                Append(label);
                Append(": ");
            }
            Append(message);
            if (suffix is not null)
            {
                Append(suffix);
            }
            _pending[_pendingBytes++] = (byte)'\n';
            Queue(writeNow);
        }
    }

    /// <summary>Counts the line just added and wakes the writer when it is due. Called holding the gate.</summary>
    private void Queue(bool writeNow)
    {
        _pendingLines++;
        var queued = _pendingLines + _writingLines;
        if (writeNow || queued >= _backlog)
        {
            _writeNow.Set();
        }
        // Standard output is behind (a slow pipe): wait for it, as a synchronous console would.
        while (_pendingLines + _writingLines > _backlog && !_stopping)
        {
            Monitor.Wait(_gate);
        }
    }

    /// <summary>Writes a state as UTF-8 through a constrained call: a struct state is never boxed.</summary>
    private delegate bool WriteUtf8<T>(in T state, Span<byte> destination, out int written);

    /// <summary>The UTF-8 writer of a state type, or null when the type cannot write itself.</summary>
    private static class Utf8Writer<T>
    {
        public static readonly WriteUtf8<T>? Write = typeof(IUtf8SpanFormattable).IsAssignableFrom(typeof(T))
            ? typeof(ConsoleLog).GetMethod(nameof(FormatUtf8), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(typeof(T)).CreateDelegate<WriteUtf8<T>>()
            : null;
    }

    private static bool FormatUtf8<T>(in T state, Span<byte> destination, out int written)
        where T : IUtf8SpanFormattable =>
        state.TryFormat(destination, out written, default, null);

    /// <summary>
    /// As <see cref="Add"/>, for a message that writes its own UTF-8 into the buffer. False for a line longer than the
    /// room kept for it (a very long path): the caller sends it the string way instead.
    /// </summary>
    private bool AddUtf8<T>(string label, in T message, WriteUtf8<T> write, bool writeNow)
    {
        const int Room = 1024;
        lock (_gate)
        {
            if (_stopping)
            {
                return true;
            }
            if (_pending.Length - _pendingBytes < Room)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingBytes + Room));
            }
            var start = _pendingBytes;
            Append(label);
            Append(": ");
            if (write(in message, _pending.AsSpan(_pendingBytes, _pending.Length - _pendingBytes - 1), out var written))
            {
                _pendingBytes += written;
                _pending[_pendingBytes++] = (byte)'\n';
                Queue(writeNow);
                return true;
            }
            _pendingBytes = start;
        }
        return false;
    }

    private void Append(string text) => _pendingBytes += Encoding.UTF8.GetBytes(text, _pending.AsSpan(_pendingBytes));

    private void WriteBatches()
    {
        var spare = new byte[InitialBufferBytes];
        while (true)
        {
            _writeNow.Wait(_batchWindow);
            _writeNow.Reset();
            byte[] batch;
            int length;
            bool stopping;
            lock (_gate)
            {
                // Read with the swap: every line added before the stop is in this batch or an earlier one.
                stopping = _stopping;
                (batch, length, _writingLines) = (_pending, _pendingBytes, _pendingLines);
                (_pending, _pendingBytes, _pendingLines) = (spare, 0, 0);
            }
            if (length > 0)
            {
                _output.Write(batch, 0, length);
                _output.Flush();
            }
            lock (_gate)
            {
                _writingLines = 0;
                Monitor.PulseAll(_gate);
            }
            spare = batch;
            if (stopping)
            {
                return;
            }
        }
    }

    /// <summary>Writes every queued line, then stops the writer: the last lines of a run are never lost.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _writeNow.Set();
        _writer.Join();
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
