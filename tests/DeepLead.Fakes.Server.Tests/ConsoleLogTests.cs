using System.Text;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// The stub's console log off the request path: lines are batched (one flush per batch), never lost or reordered,
/// written at once when someone may be waiting for them, and a slow standard output holds requests back rather than
/// letting the queue grow.
/// </summary>
public sealed class ConsoleLogTests
{
    /// <summary>Only a guard against a hang: no assertion depends on how long anything takes.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_line_from_parallel_requests_is_written_once_and_in_each_requests_order_in_batches()
    {
        const int Threads = 8;
        const int LinesPerThread = 2_000;
        var output = new RecordingWriter();
        using (var log = new ConsoleLog(LogLevel.Information, output))
        {
            Parallel.For(0, Threads, thread =>
            {
                for (var number = 0; number < LinesPerThread; number++)
                {
                    log.LogInformation("thread {Thread} line {Number}", thread, number);
                }
            });
        }

        var lines = output.Lines;
        Assert.Equal(Threads * LinesPerThread, lines.Count);
        for (var thread = 0; thread < Threads; thread++)
        {
            var prefix = $"info: thread {thread} line ";
            var numbers = lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => int.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, LinesPerThread), numbers);
        }
        // One write and one flush per batch, not per line.
        Assert.InRange(output.Flushes, 1, lines.Count / 10);
    }

    [Fact]
    public void Information_lines_are_written_while_the_log_runs_not_only_when_it_stops()
    {
        var output = new RecordingWriter();
        using var log = new ConsoleLog(LogLevel.Information, output);

        log.LogInformation("GET /api/v1/pools -> 200 in 0.4 ms");

        Assert.True(output.WaitForLines(1, HangGuard), "the line was not written before the log stopped");
        Assert.Equal(["info: GET /api/v1/pools -> 200 in 0.4 ms"], output.Lines);
    }

    /// <summary>A log state that writes its own UTF-8, as the engine's per-call line does.</summary>
    private sealed class Utf8Line(string text) : IUtf8SpanFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            Encoding.UTF8.TryGetBytes(text, utf8Destination, out bytesWritten);

        public string ToString(string? format, IFormatProvider? formatProvider) => text;

        public override string ToString() => text;
    }

    [Theory]
    [InlineData(40)]
    [InlineData(5_000)]    // longer than the room kept in the buffer: written the string way
    public void A_state_that_writes_its_own_utf8_is_written_as_that_line_short_or_long(int length)
    {
        var output = new RecordingWriter();
        var text = "GET /api/v1/pools?é=" + new string('x', length);
        using (var log = new ConsoleLog(LogLevel.Information, output))
        {
            log.LogInformation("before");
            log.Log(LogLevel.Information, new EventId(1), new Utf8Line(text), null, (_, _) => "the formatter is not used");
            log.LogInformation("after");
        }

        Assert.Equal(["info: before", "info: " + text, "info: after"], output.Lines);
    }

    /// <summary>The engine's per-call line is a struct (<c>CallLine</c>): the console must not box it to format it.</summary>
    private readonly struct Utf8LineValue(string text) : IUtf8SpanFormattable
    {
        public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            Encoding.UTF8.TryGetBytes(text, utf8Destination, out bytesWritten);

        public string ToString(string? format, IFormatProvider? formatProvider) => text;

        public override string ToString() => text;
    }

    [Fact]
    public void A_struct_state_that_writes_its_own_utf8_is_written_without_an_allocation_on_the_requests_thread()
    {
        const int Lines = 100;
        var output = new RecordingWriter();
        long allocated;
        using (var log = new ConsoleLog(LogLevel.Information, output, batchWindow: Timeout.InfiniteTimeSpan))
        {
            var line = new Utf8LineValue("GET /api/v1/inboxes?limit=100 -> 200 in 0.1 ms");
            Func<Utf8LineValue, Exception?, string> formatter = static (_, _) => "the formatter is not used";
            // The first line sets up the writer for the type; the lines after it are what a request pays.
            log.Log(LogLevel.Information, new EventId(1), line, null, formatter);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 1; i < Lines; i++)
            {
                log.Log(LogLevel.Information, new EventId(1), line, null, formatter);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Repeat("info: GET /api/v1/inboxes?limit=100 -> 200 in 0.1 ms", Lines), output.Lines);
    }

    [Fact]
    public void A_warning_and_the_ready_line_are_written_at_once_with_the_lines_queued_before_them()
    {
        var output = new RecordingWriter();
        // Information lines alone would wait for ever: only a line written at once can bring them out.
        using var log = new ConsoleLog(LogLevel.Information, output, batchWindow: Timeout.InfiniteTimeSpan);

        log.LogInformation("first");
        log.LogWarning("GET /api/v1/inboxes: unknown query parameter 'colour' ignored (café)");
        Assert.True(output.WaitForLines(2, HangGuard), "a warning did not bring the queue out");
        log.WriteLine("DeepLead fake ready");
        Assert.True(output.WaitForLines(3, HangGuard), "the ready line was not written at once");

        Assert.Equal(["info: first", "warn: GET /api/v1/inboxes: unknown query parameter 'colour' ignored (café)", "DeepLead fake ready"], output.Lines);
    }

    [Fact]
    public void A_standard_output_that_falls_behind_holds_requests_back_at_the_backlog_and_loses_nothing()
    {
        const int Backlog = 4;
        var output = new RecordingWriter(blocked: true);
        var log = new ConsoleLog(LogLevel.Information, output, backlog: Backlog, batchWindow: Timeout.InfiniteTimeSpan);
        var producer = new Thread(() =>
        {
            for (var number = 0; number < 10; number++)
            {
                log.LogInformation("line {Number}", number);
            }
        });
        producer.Start();

        // The writer is stuck on the first line; the producer queues up to the backlog, one more, then waits.
        Assert.True(
            SpinWait.SpinUntil(() => log.Queued == Backlog + 1 && (producer.ThreadState & ThreadState.WaitSleepJoin) != 0, HangGuard),
            $"the producer never waited at the backlog ({log.Queued} lines queued)");
        Assert.True(producer.IsAlive);
        Assert.Equal(Backlog + 1, log.Queued);
        Assert.Empty(output.Lines);

        output.Unblock();
        Assert.True(producer.Join(HangGuard), "the producer was not released once standard output caught up");
        log.Dispose();
        Assert.Equal(Enumerable.Range(0, 10).Select(number => $"info: line {number}"), output.Lines);
    }

    /// <summary>Standard output as the tests see it; optionally stuck until <see cref="Unblock"/>, as a full pipe is.</summary>
    private sealed class RecordingWriter(bool blocked = false) : Stream
    {
        private readonly List<string> _lines = [];
        private readonly List<byte> _partial = [];
        private readonly ManualResetEventSlim _open = new(!blocked);
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Unblock() => _open.Set();

        public bool WaitForLines(int count, TimeSpan timeout)
        {
            lock (_lines)
            {
                var deadline = DateTime.UtcNow + timeout;
                while (_lines.Count < count)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_lines, left))
                    {
                        return _lines.Count >= count;
                    }
                }
                return true;
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _open.Wait();
            lock (_lines)
            {
                foreach (var b in buffer.AsSpan(offset, count))
                {
                    if (b == (byte)'\n')
                    {
                        _lines.Add(Encoding.UTF8.GetString([.. _partial]));
                        _partial.Clear();
                    }
                    else
                    {
                        _partial.Add(b);
                    }
                }
                Monitor.PulseAll(_lines);
            }
        }

        public override void Flush() => Interlocked.Increment(ref _flushes);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
