using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace DeepLead.Fakes.NUnit;

/// <summary>
/// Writes the fake's log to the output of the test it belongs to. The fake answers on its own threads, where NUnit
/// knows no test: a line goes to the current test when the thread has one, else to the only test using the fake;
/// when several tests use it at once (parallel tests, each with a tenant) it cannot tell whose call it was, and writes
/// to <see cref="TestContext.Progress"/> instead. Lines carry what the core logs: method, path, status, time; never a key.
/// </summary>
internal sealed class TestContextLogger : ILogger
{
    internal const string Prefix = FakeLogLine.Prefix;

    private readonly ConcurrentDictionary<string, TextWriter> _tests = new(StringComparer.Ordinal);

    public void Attach(string testId, TextWriter output) => _tests[testId] = output;

    public void Detach(string testId) => _tests.TryRemove(testId, out _);

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
        Destination().WriteLine(line);
    }

    private TextWriter Destination()
    {
        if (_tests.TryGetValue(TestContext.CurrentContext.Test.ID, out var current))
        {
            return current;
        }
        using var tests = _tests.GetEnumerator();
        if (tests.MoveNext())
        {
            var only = tests.Current.Value;
            if (!tests.MoveNext())
            {
                return only;
            }
        }
        return TestContext.Progress;
    }
}
