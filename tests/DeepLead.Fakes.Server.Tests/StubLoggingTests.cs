using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>What the stub prints: one line per request at information level, never a secret; and how fast it stops.</summary>
public sealed partial class StubLoggingTests
{
    private static CancellationToken Ct => StubProcess.Ct;

    private const string ImapPassword = "imap-Secret-4711";
    private const string SmtpPassword = "smtp-Secret-0815";
    private const string AdminToken = "admin-Token-9z";

    [Fact]
    public async Task Every_request_gets_exactly_one_information_line_and_no_secret_is_ever_printed()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--admin-token", AdminToken);
        using var http = new StubHttp(await stub.WaitUntilReadyAsync(), AdminToken);

        var body = $$"""{ "emailAddress": "secret.check@gmail.com", "imapPassword": "{{ImapPassword}}", "smtpPassword": "{{SmtpPassword}}" }""";
        using (var created = await http.ApiAsync(HttpMethod.Post, "inboxes", body))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        using (var unauthorized = await http.ApiAsync(HttpMethod.Get, "pools", key: "dl_wrong_key_123456"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }
        using (var listed = await http.ApiAsync(HttpMethod.Get, "inboxes?limit=1&status=active"))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }
        var state = await (await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/state")).Content.ReadAsStringAsync(Ct);
        var journal = await (await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/journal")).Content.ReadAsStringAsync(Ct);
        using (var refused = await http.AdminAsync(HttpMethod.Get, "/__admin/deeplead/state", authorization: "Bearer " + AdminToken + "x"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var health = await http.AdminAsync(HttpMethod.Get, "/__admin/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using (var other = await http.AdminAsync(HttpMethod.Get, "/favicon.ico"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        await stub.WaitForLineAsync(StubCommandLineTests.RequestLine("GET", "/favicon.ico", 404));
        Assert.Equal(0, await stub.StopAsync());

        var requestLines = stub.OutputLines.Where(l => l.StartsWith("info: ", StringComparison.Ordinal) && l.Contains(" -> ", StringComparison.Ordinal)).ToList();
        // Admin lines are written as their response completes, so only the set of lines is certain, not their order.
        (string, string, int)[] expected =
        [
            ("POST", "/api/v1/inboxes", 200), ("GET", "/api/v1/pools", 401), ("GET", "/api/v1/inboxes", 200),
            ("GET", "/__admin/deeplead/state", 200), ("GET", "/__admin/deeplead/journal", 200),
            ("GET", "/__admin/deeplead/state", 401), ("GET", "/__admin/health", 200), ("GET", "/favicon.ico", 404),
        ];
        Assert.Equal(expected.Order(), requestLines.Select(ParseRequestLine).Order());
        Assert.Single(stub.OutputLines, l => l.Contains("ready at", StringComparison.Ordinal));
        var printed = stub.Output + stub.Errors;
        var secrets = new[]
        {
            ImapPassword, SmtpPassword, AdminToken, "dl_your_api_key_here", "dl_wrong_key_123456",
            Hash(ImapPassword), Hash(SmtpPassword),
        };
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, journal, StringComparison.Ordinal);
        }
        // The query string is not logged either: it is the journal's business.
        Assert.DoesNotContain("status=active", printed, StringComparison.Ordinal);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static (string Method, string Path, int Status) ParseRequestLine(string line)
    {
        var match = RequestLinePattern().Match(line);
        Assert.True(match.Success, $"not a request line: {line}");
        return (match.Groups["method"].Value, match.Groups["path"].Value, int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^info: (?<method>[A-Z]+) (?<path>/\S*) -> (?<status>[0-9]{3}) in [0-9]+\.[0-9] ms$")]
    private static partial Regex RequestLinePattern();

    [Fact]
    public async Task Log_level_warning_prints_no_request_lines_and_debug_adds_a_line_when_each_request_starts()
    {
        await using var quiet = StubProcess.Start("--port", "0", "--log-level", "warning");
        await using var chatty = StubProcess.Start("--port", "0", "--log-level", "debug");
        foreach (var stub in new[] { quiet, chatty })
        {
            using var http = new StubHttp(await stub.WaitUntilReadyAsync());
            using var response = await http.ApiAsync(HttpMethod.Get, "pools");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await chatty.WaitForLineAsync(StubCommandLineTests.RequestLine("GET", "/api/v1/pools", 200));

        Assert.Equal(0, await quiet.StopAsync());
        Assert.Equal(0, await chatty.StopAsync());
        Assert.Single(quiet.OutputLines);
        Assert.Contains("dbug: GET /api/v1/pools started", chatty.OutputLines);
    }

    [Fact]
    public async Task Sigterm_stops_within_5_seconds_even_with_a_request_held_by_a_delay_rule()
    {
        await using var stub = StubProcess.Start("--port", "0", "--log-level", "debug");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());
        await http.AdminJsonAsync(HttpMethod.Post, "/__admin/deeplead/rules", """{ "match": { "path": "/pools" }, "delay": { "ms": 120000 } }""", expectedStatus: 201);

        var held = http.ApiAsync(HttpMethod.Get, "pools");
        await stub.WaitForLineAsync(new Regex("^dbug: GET /api/v1/pools started$"));
        var stopping = Stopwatch.StartNew();

        Assert.Equal(0, await stub.StopAsync());
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => held);
    }
}
