using System.Net;
using System.Net.Http.Json;
using DeepLead.Fakes.Xunit;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Xunit.Tests;

public sealed class LoggingFake : DeepLeadFakeFixture
{
    protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));
}

/// <summary>The fake answers on its own threads (a socket, or TestHost without the caller's context): its lines must still reach the test.</summary>
public abstract class LoggingTests(DeepLeadFakeFixture fixture)
{
    private const string Key = "dl_your_api_key_here";
    private const string Password = "s3cret-app-password";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Output => TestContext.Current.TestOutputHelper!.Output;

    private static string[] FakeLines => [.. Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("[DeepLead fake]", StringComparison.Ordinal))];

    [Fact]
    public async Task Each_call_is_logged_to_the_test_that_made_it_without_key_or_password()
    {
        fixture.Fake.Reset();
        using var client = fixture.CreateClient(Key);
        using var wrongKey = fixture.CreateClient("dl_wrong_key_0123456789");

        using var created = await client.PostAsJsonAsync("inboxes", new { emailAddress = "logged@gmail.com", imapPassword = Password }, Ct);
        using var refused = await wrongKey.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(3, FakeLines.Length);
        Assert.Matches(@"^\[DeepLead fake\] POST /api/v1/inboxes -> 200 in \d+\.\d ms( \[tenant \d+\])?$", FakeLines[0]);
        Assert.Matches(@"^\[DeepLead fake\] GET /api/v1/pools -> 401 in \d+\.\d ms( \[tenant \d+\])?$", FakeLines[1]);
        Assert.Matches(@"^\[DeepLead fake\] #\d+ GET /api/v1/pools decided by auth$", FakeLines[2]);
        Assert.DoesNotContain(Key, Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_wrong_key_0123456789", Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_gets_its_own_lines_only()
    {
        using var tenant = fixture.CreateTenant();
        using var client = tenant.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("pools", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, FakeLines.Length);
        Assert.All(FakeLines, line => Assert.StartsWith("[DeepLead fake] GET /api/v1/pools -> 200", line, StringComparison.Ordinal));
        Assert.DoesNotContain(tenant.ApiKey, Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_answer_says_which_rule_forced_it()
    {
        using var tenant = fixture.CreateTenant();
        tenant.AddRule(FakeRule.On("GET", "/pools").Named("outage").RespondWith(503));
        using var client = tenant.CreateClient();

        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, FakeLines.Length);
        Assert.EndsWith($"(forced by outage) [{tenant.Label}]", FakeLines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\[DeepLead fake\] #\d+ GET /api/v1/pools decided by rule$", FakeLines[1]);
    }
}

public sealed class WireMockLoggingTests(LoggingFake fixture) : LoggingTests(fixture), IClassFixture<LoggingFake>;

public sealed class InMemoryLoggingTests(InMemoryFake fixture) : LoggingTests(fixture), IClassFixture<InMemoryFake>;

public sealed class TestOutputLoggerTests
{
    private sealed class RecordingOutput(bool closed = false) : ITestOutputHelper
    {
        public List<string> Lines { get; } = [];

        public string Output => string.Join('\n', Lines);

        public void Write(string message) => WriteLine(message);

        public void Write(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void WriteLine(string message)
        {
            if (closed)
            {
                throw new InvalidOperationException("There is no currently active test.");
            }
            Lines.Add(message);
        }

        public void WriteLine(string format, params object[] args) => Write(format, args);
    }

    /// <summary>Logs as the fake does: on a thread that carries no test context.</summary>
    private static Task LogOutsideAnyTestAsync(ILogger logger, string message)
    {
        Task task;
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(() => logger.LogInformation("{Message}", message));
        }
        return task;
    }

    [Fact]
    public async Task Outside_any_test_a_line_goes_to_the_attached_test()
    {
        var logger = new TestOutputLogger();
        var attached = new RecordingOutput();
        logger.Attach(attached);

        await LogOutsideAnyTestAsync(logger, "GET /api/v1/pools -> 200");

        Assert.Equal(["[DeepLead fake] GET /api/v1/pools -> 200"], attached.Lines);
        Assert.DoesNotContain("GET /api/v1/pools", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_test_is_forgotten_not_written_to_or_thrown_at()
    {
        var logger = new TestOutputLogger();
        var finished = new RecordingOutput(closed: true);
        logger.Attach(finished);

        await LogOutsideAnyTestAsync(logger, "first");
        var next = new RecordingOutput();
        await LogOutsideAnyTestAsync(logger, "nobody's");
        logger.Attach(next);
        await LogOutsideAnyTestAsync(logger, "next's");

        Assert.Empty(finished.Lines);
        Assert.Equal(["[DeepLead fake] next's"], next.Lines);
    }

    [Fact]
    public void On_a_tests_own_thread_the_line_goes_to_that_test_whatever_is_attached()
    {
        var logger = new TestOutputLogger();
        var other = new RecordingOutput();
        logger.Attach(other);

        logger.LogWarning("{Method} {Path} failed inside the fake: {Error}", "GET", "/api/v1/pools", "NullReferenceException");

        Assert.Empty(other.Lines);
        Assert.Contains("[DeepLead fake] Warning: GET /api/v1/pools failed inside the fake: NullReferenceException", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_are_named_but_their_messages_are_not_written()
    {
        var logger = new TestOutputLogger();

        logger.LogError(new InvalidOperationException("password=hunter2"), "It broke");

        var output = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains("[DeepLead fake] Error: It broke (InvalidOperationException)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.False(logger.IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public async Task A_logger_set_in_Configure_is_kept()
    {
        var mine = new RecordingLogger();
        var fixture = new OwnLoggerFake(mine);
        await fixture.InitializeAsync();
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("pools", TestContext.Current.CancellationToken);

        Assert.StartsWith("GET /api/v1/pools -> 200", Assert.Single(mine.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("[DeepLead fake]", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
        await fixture.DisposeAsync();
    }

    private sealed class OwnLoggerFake(ILogger logger) : DeepLeadFakeFixture
    {
        protected override void Configure(DeepLeadFakeOptions options) => options.Logger = logger;
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _lines = [];

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

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
