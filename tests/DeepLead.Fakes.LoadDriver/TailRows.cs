using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// Throughput and tail latency of the stub process against a bare ASP.NET Core app serving the same page bytes, each its
/// own process, by <c>wrk --latency</c>, rounds alternating which side goes first. Every round is printed (p99 on two
/// shared cores is noisy); the summary is the median of per-round ratios over the rounds after the first.
/// </summary>
internal static partial class TailRows
{
    private const string Key = "dl_your_api_key_here";
    private const string Page = "/api/v1/inboxes?limit=100";

    public sealed record Round(double Rate, double P50Ms, double P99Ms);

    /// <param name="bareServerGc">Runs the bare app with server GC (as a <c>dotnet new web</c> app has it) instead of the driver's workstation GC.</param>
    public static async Task RunAsync(string stubDll, string driverDll, string scenario, int seconds, int connections, int rounds, bool bareServerGc, string[] stubFlags)
    {
        if (StubRows.FindOnPath("wrk") is not { } wrk)
        {
            throw new InvalidOperationException("wrk is not on PATH: apt-get install -y wrk");
        }
        Console.WriteLine($"tail rows: {Environment.ProcessorCount} cores, load average {LoadAverage()}, wrk -t1 -c{connections} -d{seconds}s --latency, {rounds} rounds (the last {rounds - 1} count), scenario {scenario}, bare app GC {(bareServerGc ? "server" : "workstation")}, stub {stubDll} {string.Join(' ', stubFlags)}");
        await using var stub = await StubRows.Child.StartAsync("dotnet", [stubDll, "--port", "0", "--scenario", scenario, .. stubFlags]);
        var page = await StubRows.FetchAsync(new Uri(stub.Root, Page));
        var bodyFile = Path.Combine(Path.GetTempPath(), $"deeplead-tail-page-{Environment.ProcessId}.json");
        await File.WriteAllBytesAsync(bodyFile, page);
        try
        {
            await using var bare = await StubRows.Child.StartAsync("dotnet", [driverDll, "--bare-server", "--body", bodyFile], bareServerGc ? new() { ["DOTNET_gcServer"] = "1" } : null);
            Console.WriteLine($"GET {Page}: {page.Length:N0} bytes from each; stub RSS {stub.ResidentMiB()} MiB, bare app {bare.ResidentMiB()} MiB");
            var stubRounds = new List<Round>();
            var bareRounds = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                // Alternate who goes first, so a drift in the machine's load within a round costs both sides alike.
                var order = round % 2 == 1 ? new[] { (false, bare.Root), (true, stub.Root) } : [(true, stub.Root), (false, bare.Root)];
                foreach (var (isStub, root) in order)
                {
                    var result = await RunWrkAsync(wrk, new Uri(root, Page), seconds, connections);
                    (isStub ? stubRounds : bareRounds).Add(result);
                }
                var (s, b) = (stubRounds[^1], bareRounds[^1]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}: bare {b.Rate,8:N0} req/s p50 {b.P50Ms,6:0.00} ms p99 {b.P99Ms,6:0.00} ms | stub {s.Rate,8:N0} req/s p50 {s.P50Ms,6:0.00} ms p99 {s.P99Ms,6:0.00} ms | throughput {s.Rate / b.Rate:0.00}x, p99 {s.P99Ms / b.P99Ms:0.00}x (load {LoadAverage()})"));
            }
            var counted = Enumerable.Range(rounds > 1 ? 1 : 0, rounds > 1 ? rounds - 1 : 1).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of per-round ratios: throughput {Median(counted.Select(r => stubRounds[r].Rate / bareRounds[r].Rate)):0.00}x the bare app, p99 {Median(counted.Select(r => stubRounds[r].P99Ms / bareRounds[r].P99Ms)):0.00}x; medians stub p99 {Median(counted.Select(r => stubRounds[r].P99Ms)):0.00} ms, bare p99 {Median(counted.Select(r => bareRounds[r].P99Ms)):0.00} ms; stub RSS {stub.ResidentMiB()} MiB"));
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }

    private static async Task<Round> RunWrkAsync(string wrk, Uri url, int seconds, int connections)
    {
        var info = new System.Diagnostics.ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {Key}", url.AbsoluteUri })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (NonSuccess().IsMatch(output))
        {
            throw new InvalidOperationException($"non-2xx answers from {url}:\n{output}");
        }
        return new Round(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "99"));
    }

    /// <summary>wrk's latency distribution line ("99%    6.30ms"), in milliseconds.</summary>
    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new InvalidOperationException($"wrk printed no {percent}% latency:\n{output}");
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccess();
}
