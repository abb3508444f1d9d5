using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Soak;

/// <summary>
/// Drives the standalone stub (started here, or one at --url) at full speed with a realistic mix for a chosen time,
/// and prints each minute: requests/s, latency p50/p95/p99, errors by kind, and the stub's resident memory.
/// <code>dotnet run -c Release --project tests/DeepLead.Fakes.Soak -- --minutes 10 --connections 8</code>
/// </summary>
internal static partial class Program
{
    private const string FullKey = "dl_your_api_key_here";

    public static async Task<int> Main(string[] args)
    {
        var options = SoakOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: DeepLead.Fakes.Soak [--url http://127.0.0.1:PORT/api/v1/] [--pid PID] [--minutes 10] [--connections 8] [--scenario PATH] [--seed N] [--addresses 20000] [--mix realistic|lists] [--stub-log-level warning]");
            return 2;
        }

        Process? stub = null;
        var baseUrl = options.Url;
        var pid = options.Pid;
        if (baseUrl is null)
        {
            (stub, baseUrl) = await StartStubAsync(options.Scenario, options.StubLogLevel);
            pid = stub.Id;
        }
        Console.WriteLine($"soak: {baseUrl} for {options.Minutes} min with {options.Connections} connections; stub pid {(pid?.ToString(CultureInfo.InvariantCulture) ?? "unknown")}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"start: VmRSS {Rss(pid)}");
        try
        {
            return await RunAsync(new Uri(baseUrl), options, pid);
        }
        finally
        {
            if (stub is not null)
            {
                Stop(stub);
            }
        }
    }

    private static async Task<(Process, string)> StartStubAsync(string scenario, string logLevel)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", "0", "--scenario", scenario, "--log-level", logLevel })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the stub");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("stub: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                // Keep draining its output so the stub never blocks on a full pipe.
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is not null)
                    {
                    }
                });
                return (process, match.Groups["url"].Value);
            }
        }
        throw new InvalidOperationException("the stub exited before it was ready");
    }

    [GeneratedRegex(@"ready at (?<url>http://\S+/api/v1/)")]
    private static partial Regex ReadyLine();

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private static void Stop(Process stub)
    {
        if (!stub.HasExited)
        {
            _ = Kill(stub.Id, 15); // SIGTERM: the stub stops cleanly
            if (!stub.WaitForExit(10_000))
            {
                stub.Kill();
            }
        }
        Console.WriteLine($"stub exited with code {stub.ExitCode}");
    }

    private static string Rss(int? pid)
    {
        if (pid is null)
        {
            return "n/a (give --pid)";
        }
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? "n/a" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0:0.0} MiB";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private sealed class Window
    {
        private readonly Lock _gate = new();
        private List<double> _latencies = new(1 << 16);
        private Dictionary<string, int> _outcomes = [];

        public void Add(double milliseconds, string outcome)
        {
            lock (_gate)
            {
                _latencies.Add(milliseconds);
                _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        public (List<double> Latencies, Dictionary<string, int> Outcomes) Take()
        {
            lock (_gate)
            {
                var taken = (_latencies, _outcomes);
                _latencies = new List<double>(taken._latencies.Count);
                _outcomes = [];
                return taken;
            }
        }
    }

    private static async Task<int> RunAsync(Uri baseAddress, SoakOptions options, int? pid)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var pools = await PoolIdsAsync(client);
        var window = new Window();
        var totals = new Dictionary<string, long>();
        long totalRequests = 0;
        var unexpected = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Minutes));
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Connections).Select(w => Task.Run(() => WorkerAsync(client, pools, new Random(options.Seed * 1000 + w), options, window, stop.Token))).ToList();

        Console.WriteLine("minute  req/s    p50 ms   p95 ms   p99 ms   errors (by kind)                                         VmRSS");
        var minute = 0;
        var last = TimeSpan.Zero;
        while (minute < options.Minutes)
        {
            var due = TimeSpan.FromMinutes(minute + 1) - started.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(due), Task.WhenAll(workers));
            }
            minute++;
            var elapsed = started.Elapsed;
            var (latencies, outcomes) = window.Take();
            latencies.Sort();
            var seconds = (elapsed - last).TotalSeconds;
            last = elapsed;
            totalRequests += latencies.Count;
            foreach (var (kind, count) in outcomes)
            {
                totals[kind] = totals.GetValueOrDefault(kind) + count;
            }
            unexpected += outcomes.Where(o => o.Key.StartsWith("UNEXPECTED", StringComparison.Ordinal)).Sum(o => o.Value);
            var errors = string.Join(", ", outcomes.Where(o => o.Key != "ok").OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {100.0 * o.Value / Math.Max(1, latencies.Count):0.00}%"));
            Console.WriteLine($"{minute,6}  {latencies.Count / seconds,7:0}  {Percentile(latencies, 0.50),7:0.00}  {Percentile(latencies, 0.95),7:0.00}  {Percentile(latencies, 0.99),7:0.00}   {errors,-56}  {Rss(pid)}");
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Console.WriteLine($"total: {totalRequests} requests, {totalRequests / started.Elapsed.TotalSeconds:0} req/s; " + string.Join(", ", totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}")));
        using var healthRequest = new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=1");
        healthRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FullKey);
        using var health = await client.SendAsync(healthRequest);
        var inboxes = health.IsSuccessStatusCode
            ? JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("pagination").GetProperty("total").GetInt64()
            : -1;
        Console.WriteLine($"after: GET inboxes {(int)health.StatusCode}, {inboxes} inboxes held; VmRSS {Rss(pid)}");
        if (unexpected > 0 || !health.IsSuccessStatusCode)
        {
            Console.WriteLine($"FAILED: {unexpected} unexpected answers");
            return 1;
        }
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task<List<string>> PoolIdsAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "pools");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FullKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    private static readonly string[] Statuses = ["active", "paused", "deactivated", "error"];
    private static readonly string[] Domains = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "zoho.com"];

    /// <summary>One connection's loop: mostly lists with random filters and windows, some creates, some deliberate errors.</summary>
    private static async Task WorkerAsync(HttpClient client, List<string> pools, Random rng, SoakOptions options, Window window, CancellationToken stop)
    {
        // Addresses come from a bounded space: once most exist, creates answer 409 and the stored data stops growing.
        string Address() { var n = rng.Next(options.Addresses); return $"soak{n}@{Domains[n % Domains.Length]}"; }
        var listsOnly = options.Mix == "lists";
        while (!stop.IsCancellationRequested)
        {
            var roll = listsOnly ? -1 : rng.Next(100);
            HttpRequestMessage request;
            string intended;
            if (roll < 0)
            {
                request = new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=100");
                intended = "200";
            }
            else if (roll < 70)
            {
                var query = new List<string>();
                if (rng.Next(3) == 0) query.Add("poolId=" + pools[rng.Next(pools.Count)]);
                if (rng.Next(3) == 0) query.Add("status=" + Statuses[rng.Next(Statuses.Length)]);
                if (rng.Next(2) == 0) query.Add("limit=" + rng.Next(1, 201).ToString(CultureInfo.InvariantCulture));
                if (rng.Next(2) == 0) query.Add("skip=" + rng.Next(0, 500).ToString(CultureInfo.InvariantCulture));
                request = new HttpRequestMessage(HttpMethod.Get, query.Count == 0 ? "inboxes" : "inboxes?" + string.Join("&", query));
                intended = "200";
            }
            else if (roll < 75)
            {
                request = new HttpRequestMessage(HttpMethod.Get, "pools");
                intended = "200";
            }
            else if (roll < 85)
            {
                // Most clients create into a pool they listed (the documentation's advice); some let the API auto-create one.
                var pool = rng.Next(10) != 0 ? $", \"poolId\": \"{pools[rng.Next(pools.Count)]}\"" : "";
                request = Post($$"""{"emailAddress": "{{Address()}}", "imapPassword": "pw"{{pool}}}""");
                intended = "200";
            }
            else if (roll < 90)
            {
                var items = Enumerable.Range(0, rng.Next(2, 11)).Select(_ => rng.Next(8) == 0
                    ? """{"emailAddress": "not-an-email", "imapPassword": "pw"}"""
                    : $$"""{"emailAddress": "{{Address()}}", "imapPassword": "pw", "poolId": "{{pools[0]}}"}""");
                request = Post("[" + string.Join(",", items) + "]");
                intended = "200";
            }
            else if (roll < 94)
            {
                request = rng.Next(2) == 0 ? Post("""{"emailAddress": "x@gmail.com", "imapPassword": "pw", "dailySendingLimit": 0}""") : new HttpRequestMessage(HttpMethod.Get, "inboxes?limit=5000");
                intended = "400";
            }
            else if (roll < 97)
            {
                request = new HttpRequestMessage(HttpMethod.Get, "pools");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer dl_soak_bogus_key");
                intended = "401";
            }
            else
            {
                request = new HttpRequestMessage(HttpMethod.Get, "inboxes/does-not-exist");
                intended = "404";
            }
            if (request.Headers.Authorization is null && !request.Headers.Contains("Authorization"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FullKey);
            }

            var startedAt = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                using var response = await client.SendAsync(request, stop);
                await response.Content.ReadAsByteArrayAsync(stop);
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                outcome = status == intended
                    ? (status == "200" ? "ok" : status + " (intended)")
                    : status == "409" ? "409 duplicate" : $"UNEXPECTED {status} (wanted {intended})";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                outcome = "UNEXPECTED " + exception.GetType().Name;
            }
            finally
            {
                request.Dispose();
            }
            window.Add(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, outcome);
        }
    }

    private static HttpRequestMessage Post(string json) => new(HttpMethod.Post, "inboxes") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

/// <param name="Addresses">Creates draw from this many addresses, so stored data levels off (later creates get 409) and memory can be flat.</param>
/// <param name="Mix">"realistic" (the mix above) or "lists" (only GET /inboxes?limit=100: the performance issue's load).</param>
internal sealed record SoakOptions(string? Url, int? Pid, int Minutes, int Connections, string Scenario, int Seed, int Addresses = 20_000, string Mix = "realistic", string StubLogLevel = "warning")
{
    public static SoakOptions? Parse(string[] args)
    {
        var options = new SoakOptions(null, null, 10, 8, Path.Combine(AppContext.BaseDirectory, "scenarios", "default.json"), 1);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when value is not null: options = options with { Url = value.EndsWith('/') ? value : value + "/" }; i++; break;
                case "--pid" when int.TryParse(value, out var pid): options = options with { Pid = pid }; i++; break;
                case "--minutes" when int.TryParse(value, out var minutes) && minutes > 0: options = options with { Minutes = minutes }; i++; break;
                case "--connections" when int.TryParse(value, out var connections) && connections > 0: options = options with { Connections = connections }; i++; break;
                case "--scenario" when value is not null: options = options with { Scenario = Path.GetFullPath(value) }; i++; break;
                case "--seed" when int.TryParse(value, out var seed): options = options with { Seed = seed }; i++; break;
                case "--addresses" when int.TryParse(value, out var addresses) && addresses > 0: options = options with { Addresses = addresses }; i++; break;
                case "--mix" when value is "realistic" or "lists": options = options with { Mix = value }; i++; break;
                case "--stub-log-level" when value is not null: options = options with { StubLogLevel = value }; i++; break;
                default: return null;
            }
        }
        return options;
    }
}
