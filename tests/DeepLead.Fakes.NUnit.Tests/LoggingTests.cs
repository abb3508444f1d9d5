using System.Net;
using System.Net.Http.Json;
using DeepLead.Fakes.NUnit;
using Microsoft.Extensions.Logging;
using NUnit.Framework.Internal;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>Tests one at a time: the fake's lines, written on its own threads, reach the test that made the calls.</summary>
[NonParallelizable]
[TestFixture(FakeTransport.WireMock)]
[TestFixture(FakeTransport.InMemory)]
public sealed class LoggingTests(FakeTransport transport) : DeepLeadTenantFixture
{
    private const string Password = "s3cret-app-password";

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Transport = transport;
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
    }

    private static string[] FakeLines => [.. TestExecutionContext.CurrentContext.CurrentResult.Output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => l.StartsWith("[DeepLead fake]", StringComparison.Ordinal))];

    [Test]
    public async Task Each_call_is_logged_to_the_test_without_key_or_password()
    {
        using var http = Tenant.CreateClient();
        using var wrongKey = Fake.CreateClient("dl_wrong_key_0123456789");

        using var created = await http.PostAsJsonAsync("inboxes", new { emailAddress = "logged@gmail.com", imapPassword = Password });
        using var refused = await wrongKey.GetAsync("pools");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(FakeLines, Has.Length.EqualTo(3));
        Assert.That(FakeLines[0], Does.Match(@"^\[DeepLead fake\] POST /api/v1/inboxes -> 200 in \d+\.\d ms( \[tenant \d+\])?$"));
        Assert.That(FakeLines[1], Does.Match(@"^\[DeepLead fake\] GET /api/v1/pools -> 401 in \d+\.\d ms( \[tenant \d+\])?$"));
        Assert.That(FakeLines[2], Does.Match(@"^\[DeepLead fake\] #\d+ GET /api/v1/pools decided by auth$"));
        var output = TestExecutionContext.CurrentContext.CurrentResult.Output;
        Assert.That(output, Does.Not.Contain(Tenant.ApiKey).And.Not.Contain("dl_wrong_key_0123456789").And.Not.Contain(Password));
    }

    [Test]
    public async Task A_test_gets_its_own_lines_only()
    {
        using var http = Tenant.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("pools");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(FakeLines, Has.Length.EqualTo(3));
        Assert.That(FakeLines, Has.All.StartsWith("[DeepLead fake] GET /api/v1/pools -> 200"));
    }

    [Test]
    public async Task The_set_up_attaches_the_test_even_when_it_never_touches_its_tenant()
    {
        // With the set-up and tear-down at work, this test is the only one attached when the line arrives.
        using var http = Fake.CreateClient();

        using var response = await http.GetAsync("inboxes?limit=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(FakeLines, Has.Length.EqualTo(1));
        Assert.That(FakeLines[0], Does.StartWith("[DeepLead fake] GET /api/v1/inboxes -> 200"));
    }
}

public sealed class TestContextLoggerTests
{
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

    [Test]
    public async Task Outside_any_test_a_line_goes_to_the_only_test_using_the_fake()
    {
        var logger = new TestContextLogger();
        using var only = new StringWriter();
        logger.Attach("test-1", only);

        await LogOutsideAnyTestAsync(logger, "GET /api/v1/pools -> 200");

        Assert.That(only.ToString().TrimEnd(), Is.EqualTo("[DeepLead fake] GET /api/v1/pools -> 200"));
    }

    [Test]
    public async Task With_several_tests_at_once_a_line_of_unknown_origin_goes_to_no_test()
    {
        var logger = new TestContextLogger();
        using var first = new StringWriter();
        using var second = new StringWriter();
        logger.Attach("test-1", first);
        logger.Attach("test-2", second);

        await LogOutsideAnyTestAsync(logger, "GET /api/v1/pools -> 200");
        logger.Detach("test-2");
        await LogOutsideAnyTestAsync(logger, "GET /api/v1/inboxes -> 200");

        Assert.That(first.ToString().TrimEnd(), Is.EqualTo("[DeepLead fake] GET /api/v1/inboxes -> 200"));
        Assert.That(second.ToString(), Is.Empty);
    }

    [Test]
    public void On_a_tests_own_thread_the_line_goes_to_that_test()
    {
        var logger = new TestContextLogger();
        using var other = new StringWriter();
        using var mine = new StringWriter();
        logger.Attach("someone-else", other);
        logger.Attach(TestContext.CurrentContext.Test.ID, mine);

        logger.LogError(new InvalidOperationException("password=hunter2"), "It broke");

        Assert.That(mine.ToString().TrimEnd(), Is.EqualTo("[DeepLead fake] Error: It broke (InvalidOperationException)"));
        Assert.That(other.ToString(), Is.Empty);
        Assert.That(logger.IsEnabled(LogLevel.Debug), Is.False);
    }
}
