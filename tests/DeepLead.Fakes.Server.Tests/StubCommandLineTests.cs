using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace DeepLead.Fakes.Server.Tests;

public sealed class StubCommandLineTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
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

        stub.SendSignal(StubProcess.SigTerm);

        Assert.Equal(0, await stub.WaitForExitAsync(StopTimeout));
        Assert.Single(stub.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("dl_your_api_key_here", stub.Output + stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_on_ctrl_c_with_exit_code_0()
    {
        await using var stub = StubProcess.Start("--port", "0");
        await stub.WaitUntilReadyAsync();

        stub.SendSignal(StubProcess.SigInt);

        Assert.Equal(0, await stub.WaitForExitAsync(StopTimeout));
    }

    [Fact]
    public async Task A_missing_scenario_file_is_a_clear_error_and_a_non_zero_exit()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-scenario-" + Guid.NewGuid().ToString("N") + ".json");
        await using var stub = StubProcess.Start("--port", "0", "--scenario", missing);

        var exitCode = await stub.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        Assert.Contains(missing, stub.Errors, StringComparison.Ordinal);
        Assert.Contains("does not exist", stub.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_scenario_is_reported_with_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), "bad-scenario-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "{\n  \"nmae\": \"typo\"\n}", Ct);
        try
        {
            await using var stub = StubProcess.Start("--port", "0", "--scenario", path);

            var exitCode = await stub.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(3, exitCode);
            Assert.Contains($"{path}(2,", stub.Errors, StringComparison.Ordinal);
            Assert.Contains("nmae", stub.Errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error()
    {
        await using var stub = StubProcess.Start("--prot", "8080");

        var exitCode = await stub.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("--prot", stub.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var stub = StubProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var exitCode = await stub.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, exitCode);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), stub.Errors, StringComparison.Ordinal);
    }
}
