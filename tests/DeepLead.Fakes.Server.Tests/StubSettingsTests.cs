using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>Every setting from a flag or from its DEEPLEAD_FAKE_ variable, which one wins, and what a bad value does.</summary>
public sealed class StubSettingsTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => StubProcess.Ct;

    private const string LayerJson = """{ "pools": [ { "id": "aaaaaaaaaaaaaaaaaaaaaaaa", "name": "Layer Pool" } ] }""";
    private const string NewInbox = """{ "emailAddress": "env.check@gmail.com", "imapPassword": "app-pw" }""";

    /// <summary>What the library itself answers to <see cref="NewInbox"/> with these settings: the reference for determinism.</summary>
    private static async Task<string> LibraryAnswerAsync(int seed, DateTimeOffset clock, params string[] scenarioFiles)
    {
        var options = new DeepLeadFakeOptions { Seed = seed, Clock = clock, Transport = FakeTransport.InMemory };
        foreach (var file in scenarioFiles)
        {
            options.AddScenarioFile(file);
        }
        await using var fake = await DeepLeadFake.StartAsync(options, Ct);
        using var client = fake.CreateClient("dl_your_api_key_here");
        using var response = await client.PostAsync("inboxes", new StringContent(NewInbox, System.Text.Encoding.UTF8, "application/json"), Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<string> CreateInboxAsync(StubHttp http)
    {
        using var response = await http.ApiAsync(HttpMethod.Post, "inboxes", NewInbox);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    [Fact]
    public async Task Every_setting_can_come_from_its_environment_variable()
    {
        using var layer = new TempFile(LayerJson);
        using var readyFile = new TempFile(extension: ".url");
        var clock = DateTimeOffset.Parse("2030-05-06T07:08:09Z", CultureInfo.InvariantCulture);
        await using var stub = StubProcess.Start(new Dictionary<string, string>
        {
            ["DEEPLEAD_FAKE_PORT"] = "0",
            ["DEEPLEAD_FAKE_HOST"] = "127.0.0.1",
            ["DEEPLEAD_FAKE_SCENARIO"] = $"{StubProcess.ScenarioPath("default")} ; {layer.Path}",
            ["DEEPLEAD_FAKE_SEED"] = "7",
            ["DEEPLEAD_FAKE_CLOCK"] = "2030-05-06T07:08:09Z",
            ["DEEPLEAD_FAKE_LOG_LEVEL"] = "warning",
            ["DEEPLEAD_FAKE_JOURNAL_LIMIT"] = "2",
            ["DEEPLEAD_FAKE_ADMIN_TOKEN"] = "env-token",
            ["DEEPLEAD_FAKE_READY_FILE"] = readyFile.Path,
        });
        var baseAddress = await stub.WaitUntilReadyAsync();
        using var http = new StubHttp(baseAddress, adminToken: "env-token");

        Assert.Equal(baseAddress.AbsoluteUri, (await File.ReadAllTextAsync(readyFile.Path, Ct)).Trim());
        var created = await CreateInboxAsync(http);
        Assert.Equal(await LibraryAnswerAsync(7, clock, StubProcess.ScenarioPath("default"), layer.Path), created);
        Assert.Contains("API Pool - 2030-05-06", created, StringComparison.Ordinal);
        var state = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/state");
        Assert.Equal([StubProcess.ScenarioPath("default"), layer.Path], state.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Contains(state.GetProperty("pools").EnumerateArray(), p => p.GetProperty("name").GetString() == "Layer Pool");
        Assert.Equal(2, (await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/journal")).GetProperty("capacity").GetInt32());
        using (var refused = await http.AdminAsync(HttpMethod.Get, "/__admin/health", withToken: false))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(0, await stub.StopAsync());
        Assert.Equal(["ready"], stub.OutputLines.Select(l => l.Contains("ready at", StringComparison.Ordinal) ? "ready" : l));
        Assert.False(File.Exists(readyFile.Path), "the ready file is removed when the stub stops");
    }

    [Fact]
    public async Task Flags_win_over_environment_variables_and_an_overridden_variable_is_not_read()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var envReadyFile = new TempFile(extension: ".url");
        using var flagReadyFile = new TempFile(extension: ".url");
        await using var stub = StubProcess.Start(
            new Dictionary<string, string>
            {
                ["DEEPLEAD_FAKE_PORT"] = busyPort,
                ["DEEPLEAD_FAKE_HOST"] = "0.0.0.0",
                ["DEEPLEAD_FAKE_SCENARIO"] = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".json"),
                ["DEEPLEAD_FAKE_SEED"] = "1",
                ["DEEPLEAD_FAKE_CLOCK"] = "2030-05-06T07:08:09Z",
                ["DEEPLEAD_FAKE_LOG_LEVEL"] = "bogus",
                ["DEEPLEAD_FAKE_JOURNAL_LIMIT"] = "1",
                ["DEEPLEAD_FAKE_ADMIN_TOKEN"] = "env-token",
                ["DEEPLEAD_FAKE_READY_FILE"] = envReadyFile.Path,
            },
            "--port", "0", "--host", "127.0.0.1", "--scenario", StubProcess.ScenarioPath("default"), "--seed", "7",
            "--clock", "2031-02-03T04:05:06Z", "--log-level", "information", "--journal-limit", "3",
            "--admin-token", "flag-token", "--ready-file", flagReadyFile.Path);
        var baseAddress = await stub.WaitUntilReadyAsync();
        using var http = new StubHttp(baseAddress, adminToken: "flag-token");

        Assert.Equal("127.0.0.1", baseAddress.Host);
        Assert.NotEqual(busyPort, baseAddress.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(baseAddress.AbsoluteUri, (await File.ReadAllTextAsync(flagReadyFile.Path, Ct)).Trim());
        Assert.False(File.Exists(envReadyFile.Path));
        var created = await CreateInboxAsync(http);
        Assert.Equal(await LibraryAnswerAsync(7, DateTimeOffset.Parse("2031-02-03T04:05:06Z", CultureInfo.InvariantCulture), StubProcess.ScenarioPath("default")), created);
        Assert.Equal(3, (await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/journal")).GetProperty("capacity").GetInt32());
        using (var envToken = await http.AdminAsync(HttpMethod.Get, "/__admin/health", authorization: "Bearer env-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, envToken.StatusCode);
        }
        await stub.WaitForLineAsync(StubCommandLineTests.RequestLine("POST", "/api/v1/inboxes", 200));

        Assert.Equal(0, await stub.StopAsync());
        Assert.Equal(string.Empty, stub.Errors);
    }

    public static TheoryData<string, string, string> BadVariables => new()
    {
        { "PORT", "eighty", "is not a port" },
        { "HOST", "no such host!", "is not a host name or IP address" },
        { "URLS", "ftp://127.0.0.1:0", "is not a URL of the form http://HOST:PORT" },
        { "SEED", "seven", "is not a seed" },
        { "CLOCK", "15/01/2024", "is not an ISO-8601 time" },
        { "LOG_LEVEL", "chatty", "is not a log level" },
        { "JOURNAL_LIMIT", "lots", "is not a journal limit" },
        { "ADMIN_TOKEN", "two words", "printable ASCII without spaces" },
        { "READY_FILE", "/no/such/directory/ready.url", "does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadVariables))]
    public async Task A_bad_environment_value_is_a_usage_error_that_names_the_variable(string name, string value, string expected)
    {
        var environment = new Dictionary<string, string> { ["DEEPLEAD_FAKE_" + name] = value };
        if (name is not ("PORT" or "URLS"))
        {
            environment["DEEPLEAD_FAKE_PORT"] = "0";
        }
        await using var stub = StubProcess.Start(environment);

        Assert.Equal(2, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains($"error: DEEPLEAD_FAKE_{name}: ", stub.Errors, StringComparison.Ordinal);
        Assert.Contains(expected, stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("ready at", stub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_scenario_named_by_the_environment_is_a_scenario_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".json");
        await using var stub = StubProcess.Start(new Dictionary<string, string>
        {
            ["DEEPLEAD_FAKE_PORT"] = "0",
            ["DEEPLEAD_FAKE_SCENARIO"] = $"{StubProcess.ScenarioPath("default")};{missing}",
        });

        Assert.Equal(3, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains(missing, stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_DEEPLEAD_FAKE_variable_is_a_warning_not_a_failure()
    {
        await using var stub = StubProcess.Start(new Dictionary<string, string> { ["DEEPLEAD_FAKE_PORT"] = "0", ["DEEPLEAD_FAKE_PROT"] = "8080" });
        await stub.WaitUntilReadyAsync();

        Assert.Equal(0, await stub.StopAsync());
        Assert.Contains("warning: DEEPLEAD_FAKE_PROT is not a setting of the stub", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Urls_sets_host_and_port_in_one_from_the_flag_or_the_environment()
    {
        await using var fromFlag = StubProcess.Start("--urls", "http://127.0.0.1:0");
        await using var fromEnv = StubProcess.Start(new Dictionary<string, string> { ["DEEPLEAD_FAKE_URLS"] = "http://127.0.0.1:0" });

        foreach (var stub in new[] { fromFlag, fromEnv })
        {
            var baseAddress = await stub.WaitUntilReadyAsync();
            Assert.Equal("127.0.0.1", baseAddress.Host);
            Assert.NotEqual(0, baseAddress.Port);
            using var http = new StubHttp(baseAddress);
            using var health = await http.AdminAsync(HttpMethod.Get, "/__admin/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(0, await stub.StopAsync());
        }
    }

    [Fact]
    public async Task Urls_and_host_or_port_together_are_a_usage_error_at_either_level()
    {
        await using var flags = StubProcess.Start("--urls", "http://127.0.0.1:0", "--port", "0");
        await using var variables = StubProcess.Start(new Dictionary<string, string>
        {
            ["DEEPLEAD_FAKE_URLS"] = "http://127.0.0.1:0",
            ["DEEPLEAD_FAKE_HOST"] = "127.0.0.1",
        });

        Assert.Equal(2, await flags.WaitForExitAsync(ExitTimeout));
        Assert.Contains("--urls cannot be combined with --host or --port", flags.Errors, StringComparison.Ordinal);
        Assert.Equal(2, await variables.WaitForExitAsync(ExitTimeout));
        Assert.Contains("DEEPLEAD_FAKE_URLS cannot be combined with DEEPLEAD_FAKE_HOST or DEEPLEAD_FAKE_PORT", variables.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var stub = StubProcess.Start("--port", port.ToString(CultureInfo.InvariantCulture));

        var exitCode = await stub.WaitForExitAsync(ExitTimeout);

        Assert.Equal(4, exitCode);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_is_not_an_address_of_this_machine_is_a_clear_cannot_listen_error()
    {
        // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
        await using var stub = StubProcess.Start("--host", "192.0.2.1", "--port", "0");

        Assert.Equal(4, await stub.WaitForExitAsync(ExitTimeout));
        Assert.Contains("could not listen on 192.0.2.1:0", stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ready_file_holds_the_base_url_before_the_ready_line_replaces_a_stale_one_and_goes_on_stop()
    {
        using var readyFile = new TempFile("http://stale.example/api/v1/\n", ".url");
        await using var stub = StubProcess.Start("--port", "0", "--ready-file", readyFile.Path);

        var baseAddress = await stub.WaitUntilReadyAsync();

        Assert.Equal(baseAddress.AbsoluteUri + "\n", await File.ReadAllTextAsync(readyFile.Path, Ct));
        Assert.Equal(0, await stub.StopAsync());
        Assert.False(File.Exists(readyFile.Path));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(readyFile.Path) + ".*.tmp"));
    }

    [Fact]
    public async Task The_journal_keeps_only_the_last_journal_limit_calls()
    {
        await using var stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"), "--journal-limit", "3");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.ApiAsync(HttpMethod.Get, $"inboxes?limit={i + 1}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var journal = await http.AdminJsonAsync(HttpMethod.Get, "/__admin/deeplead/journal");

        Assert.Equal(3, journal.GetProperty("capacity").GetInt32());
        Assert.Equal(["limit=3", "limit=4", "limit=5"], journal.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("query").GetString()));
        Assert.Equal([3L, 4L, 5L], journal.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Version_prints_the_package_version_and_exits_0()
    {
        await using var stub = StubProcess.Start("--version");

        Assert.Equal(0, await stub.WaitForExitAsync(ExitTimeout));
        var expected = FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll")).ProductVersion;
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+", expected);
        Assert.Equal(expected, stub.Output.Trim());
    }

    [Fact]
    public async Task Help_lists_every_flag_with_its_variable_and_the_exit_codes()
    {
        await using var stub = StubProcess.Start("--help");

        Assert.Equal(0, await stub.WaitForExitAsync(ExitTimeout));
        var help = Regex.Replace(stub.Output, @"\s+", " ");
        foreach (var (flag, variable) in new[]
        {
            ("--port", "PORT"), ("--host", "HOST"), ("--urls", "URLS"), ("--scenario", "SCENARIO"), ("--seed", "SEED"),
            ("--clock", "CLOCK"), ("--log-level", "LOG_LEVEL"), ("--journal-limit", "JOURNAL_LIMIT"), ("--max-inboxes", "MAX_INBOXES"),
            ("--admin-token", "ADMIN_TOKEN"), ("--ready-file", "READY_FILE"),
        })
        {
            Assert.Contains(flag, help, StringComparison.Ordinal);
            Assert.Contains($"env: DEEPLEAD_FAKE_{variable}", help, StringComparison.Ordinal);
        }
        Assert.Contains("--version", help, StringComparison.Ordinal);
        Assert.Contains("4 cannot listen", help, StringComparison.Ordinal);
    }
}
