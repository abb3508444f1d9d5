using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Server.Tests;

public sealed partial class StubCommandLineTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => StubProcess.Ct;

    [Fact]
    public async Task Serves_the_default_scenario_on_loopback_and_stops_on_sigterm_with_exit_code_0()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"));

        var baseAddress = await stub.WaitUntilReadyAsync();
        Assert.Equal("127.0.0.1", baseAddress.Host);
        Assert.NotEqual(0, baseAddress.Port);
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_your_api_key_here");
        var pools = await client.GetStringAsync("pools", Ct);
        Assert.Contains("\"inboxCount\":10", pools, StringComparison.Ordinal);
        using var health = await client.GetAsync(new Uri(baseAddress, "/__admin/health"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // WireMock.Net's own admin API still lists mappings, the fake's catch-all included.
        var mappings = await client.GetStringAsync(new Uri(baseAddress, "/__admin/mappings"), Ct);
        Assert.Contains("DeepLead API (served by DeepLead.Fakes)", mappings, StringComparison.Ordinal);

        stub.SendSignal(StubProcess.SigTerm);

        Assert.Equal(0, await stub.WaitForExitAsync(StopTimeout));
        var lines = stub.OutputLines;
        Assert.Equal($"DeepLead fake ready at {baseAddress} (health: {new Uri(baseAddress, "/")}__admin/health)", lines[0]);
        Assert.Single(lines, l => l.Contains("ready at", StringComparison.Ordinal));
        Assert.Contains(lines, l => RequestLine("GET", "/api/v1/pools", 200).IsMatch(l));
        Assert.Contains(lines, l => RequestLine("GET", "/__admin/health", 200).IsMatch(l));
        Assert.DoesNotContain("dl_your_api_key_here", stub.Output + stub.Errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stub.Errors);
    }

    internal static Regex RequestLine(string method, string path, int status) =>
        new($"^info: {method} {Regex.Escape(path)} -> {status} in [0-9]+\\.[0-9] ms$");

    [Fact]
    public async Task Stops_on_ctrl_c_with_exit_code_0()
    {
        // Ctrl+C reaches a foreground program whose SIGINT is at its default. A test run started in the background
        // (nohup, `cmd &` in a script) hands SIGINT down ignored, and .NET keeps an inherited ignored SIGINT ignored,
        // as Unix programs do; so the stub is started with SIGINT reset, as a terminal would have it.
        await using var stub = StubProcess.StartExecutable(
            "env", new Dictionary<string, string>(), "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll"), "--port", "0");
        await stub.WaitUntilReadyAsync();

        stub.SendSignal(StubProcess.SigInt);

        Assert.Equal(0, await stub.WaitForExitAsync(StopTimeout));
    }

    [Fact]
    public async Task A_missing_scenario_file_is_a_clear_error_and_a_non_zero_exit()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-scenario-" + Guid.NewGuid().ToString("N") + ".json");
        await using var stub = StubProcess.Start("--port", "0", "--scenario", missing);

        var exitCode = await stub.WaitForExitAsync(ExitTimeout);

        Assert.Equal(3, exitCode);
        Assert.Contains(missing, stub.Errors, StringComparison.Ordinal);
        Assert.Contains("does not exist", stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_with_more_inboxes_than_max_inboxes_is_refused_with_the_limit_named()
    {
        // The default scenario has 10 inboxes: one over the limit.
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--max-inboxes", "9");

        Assert.Equal(3, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains("error: invalid scenario: ", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("$.inboxes[9]", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("more than 9 inboxes, the limit", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("--max-inboxes", stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_scenario_is_reported_with_line_and_column()
    {
        using var file = new TempFile("{\n  \"nmae\": \"typo\"\n}");
        await using var stub = StubProcess.Start("--port", "0", "--scenario", file.Path);

        var exitCode = await stub.WaitForExitAsync(ExitTimeout);

        Assert.Equal(3, exitCode);
        Assert.Contains($"{file.Path}(2,", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("nmae", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_that_parses_but_breaks_a_rule_is_reported_with_line_and_column_too()
    {
        using var file = new TempFile("{\n  \"pools\": [\n    { \"id\": \"not-hex\", \"name\": \"P\" }\n  ]\n}");
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--scenario", file.Path);

        Assert.Equal(3, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains($"{file.Path}(3,", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("$.pools[0].id", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("not-hex", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shipped_scenario_is_a_scenario_error_that_lists_the_shipped_ones()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", "shipped:nope");

        Assert.Equal(3, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains("shipped:nope", stub.Errors, StringComparison.Ordinal);
        Assert.Contains("default", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipped_scenario_needs_no_file()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", "shipped:default");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());

        using var response = await http.ApiAsync(HttpMethod.Get, "pools");

        Assert.Contains("Main Pool", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await stub.StopAsync());
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error()
    {
        await using var stub = StubProcess.Start("--prot", "8080");

        var exitCode = await stub.WaitForExitAsync(ExitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("--prot", stub.Errors, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadFlagValues => new()
    {
        { "--port", "abc", "is not a port" },
        { "--port", "65536", "is not a port" },
        { "--port", "-1", "is not a port" },
        { "--host", "not a host", "is not a host name or IP address" },
        { "--urls", "https://127.0.0.1:0", "https is not supported" },
        { "--urls", "http://127.0.0.1:0;http://127.0.0.1:1", "exactly one URL" },
        { "--urls", "http://127.0.0.1:0/api", "only scheme, host and port" },
        { "--seed", "1.5", "is not a seed" },
        { "--clock", "tomorrow", "is not an ISO-8601 time" },
        { "--log-level", "loud", "is not a log level" },
        { "--journal-limit", "-5", "is not a journal limit" },
        { "--journal-limit", "1000001", "is not a journal limit" },
        { "--max-inboxes", "0", "is not an inbox limit" },
        { "--max-inboxes", "many", "is not an inbox limit" },
        { "--admin-token", "has space", "printable ASCII without spaces" },
        { "--ready-file", "/no/such/directory/ready.txt", "does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadFlagValues))]
    public async Task A_bad_flag_value_is_a_usage_error_that_names_the_flag(string flag, string value, string expected)
    {
        // A free port for the others, so that a value wrongly accepted would show as a started stub, not a port clash.
        string[] args = flag is "--port" or "--urls" ? [flag, value] : ["--port", "0", flag, value];
        await using var stub = StubProcess.Start(args);

        Assert.Equal(2, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains($"error: {flag}: ", stub.Errors, StringComparison.Ordinal);
        Assert.Contains(expected, stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("ready at", stub.Output, StringComparison.Ordinal);
        if (flag == "--admin-token")
        {
            Assert.DoesNotContain(value, stub.Errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Coverage_report_is_written_and_summarised_on_stop()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deeplead-coverage-{Guid.NewGuid():N}.json");
        try
        {
            await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--coverage-report", path);
            var baseAddress = await stub.WaitUntilReadyAsync();
            using var client = new HttpClient { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dl_your_api_key_here");
            using var _ = await client.GetAsync("pools", Ct);

            stub.SendSignal(StubProcess.SigTerm);

            Assert.Equal(0, await stub.WaitForExitAsync(StopTimeout));
            using var report = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path, Ct));
            Assert.Equal(1, report.RootElement.GetProperty("exercised").GetInt32());
            Assert.Contains("never: POST /inboxes -> 409", stub.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
