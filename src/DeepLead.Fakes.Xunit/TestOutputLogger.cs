using Microsoft.Extensions.Logging;
#if XUNIT_V2
using Xunit.Abstractions;

namespace DeepLead.Fakes.Xunit.V2;
#else
using Xunit;

namespace DeepLead.Fakes.Xunit;
#endif

/// <summary>
/// Writes the fake's log to the running test's output. The fake answers on its own threads, where
/// <c>TestContext.Current</c> knows no test; there a line goes to the test that last touched the fixture
/// (<c>Attach</c>; with xunit 2, the test class attaches its output), while that test runs. Lines carry what the core logs: method, path, status, time; never a key.
/// </summary>
internal sealed class TestOutputLogger : ILogger
{
    internal const string Prefix = FakeLogLine.Prefix;

    private ITestOutputHelper? _attached;

#if !XUNIT_V2
    /// <summary>Remembers the current test, if any, as the destination of lines logged outside any test.</summary>
    public void Attach()
    {
        if (TestContext.Current.TestOutputHelper is { } output)
        {
            Attach(output);
        }
    }
#endif

    internal void Attach(ITestOutputHelper output) => Volatile.Write(ref _attached, output);

    internal ITestOutputHelper? AttachedOutput => Volatile.Read(ref _attached);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => FakeLogLine.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var line = FakeLogLine.Format(logLevel, formatter(state, exception), exception);
#if XUNIT_V2
        ITestOutputHelper? current = null; // xunit 2 has no ambient test: only the attached one.
#else
        var current = TestContext.Current.TestOutputHelper;
#endif
        if (current is not null && TryWrite(current, line))
        {
            return;
        }
        var attached = Volatile.Read(ref _attached);
        if (attached is not null && !ReferenceEquals(attached, current) && !TryWrite(attached, line))
        {
            // That test is over: its output is closed. Forget it rather than write into another test's.
            Interlocked.CompareExchange(ref _attached, null, attached);
        }
    }

    private static bool TryWrite(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
