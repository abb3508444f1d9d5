using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// The stub as a CI job runs it (its own process, default flags but the scenario), against a raw ASP.NET Core app and a
/// static WireMock.Net mapping serving the same bytes, each its own process, all loaded by wrk in one run (alternating
/// rounds, so a busy neighbour costs every side alike). Then GET /pools, single and batch POSTs, and the stub's memory.
/// </summary>
internal static partial class StubRows
{
    private const string Key = "dl_your_api_key_here";
    private const string Page = "/api/v1/inboxes?limit=100";

    public static async Task RunAsync(string stubDll, string driverDll, int seconds, int connections, int rounds, int soakMinutes, string[] stubFlags)
    {
        if (FindOnPath("wrk") is not { } wrk)
        {
            throw new InvalidOperationException("wrk is not on PATH: apt-get install -y wrk");
        }
        Console.WriteLine($"stub rows: {Environment.ProcessorCount} cores, wrk -t1 -c{connections} -d{seconds}s, {rounds} rounds (the last {rounds - 1} count), stub {stubDll} {string.Join(' ', stubFlags)}");
        await using var stub = await Child.StartAsync("dotnet", [stubDll, "--port", "0", "--scenario", "shipped:large", .. stubFlags]);
        var page = await FetchAsync(new Uri(stub.Root, Page));
        var bodyFile = Path.Combine(Path.GetTempPath(), $"deeplead-load-page-{Environment.ProcessId}.json");
        await File.WriteAllBytesAsync(bodyFile, page);
        try
        {
            await using var raw = await Child.StartAsync("dotnet", [driverDll, "--bare-server", "--body", bodyFile]);
            await using var wireMock = await Child.StartAsync("dotnet", [driverDll, "--static-wiremock", "--body", bodyFile]);
            Console.WriteLine($"GET {Page}: {page.Length:N0} bytes from each");
            var rates = new Dictionary<string, List<double>>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, root) in new[] { ("raw ASP.NET Core app", raw.Root), ("static WireMock.Net mapping", wireMock.Root), ("stub process", stub.Root) })
                {
                    var result = await Wrk.RunAsync(wrk, new Uri(root, Page), Key, seconds, connections, script: null);
                    (rates.TryGetValue(name, out var list) ? list : rates[name] = []).Add(result.Rate);
                    Console.WriteLine($"  round {round}: {name,-28} {result}");
                }
            }
            // Per-round ratios, then their median: on a shared machine the load drifts between rounds, and a ratio
            // taken within one round (the three sides back to back) cancels most of the drift.
            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
            var counted = Enumerable.Range(rounds > 1 ? 1 : 0, rounds > 1 ? rounds - 1 : 1).ToList();
            double RatioTo(string name, string baseline) => Median(counted.Select(r => rates[name][r] / rates[baseline][r]));
            foreach (var name in rates.Keys)
            {
                Console.WriteLine($"{name,-28} GET {Page}: median {Median(counted.Select(r => rates[name][r])),8:N0} req/s, {RatioTo(name, "raw ASP.NET Core app"):0.00}x raw (median of per-round ratios)");
            }
            Console.WriteLine($"stub process / static WireMock.Net mapping: {RatioTo("stub process", "static WireMock.Net mapping"):0.00}x");

            Console.WriteLine($"stub process GET /api/v1/pools:               {await Wrk.RunAsync(wrk, new Uri(stub.Root, "/api/v1/pools"), Key, seconds, connections, null)}");
            Console.WriteLine($"stub process POST /api/v1/inboxes (one):      {await Wrk.RunAsync(wrk, new Uri(stub.Root, "/api/v1/inboxes"), Key, seconds, connections, Wrk.CreateScript(Key, 1))}");
            Console.WriteLine($"stub process POST /api/v1/inboxes (batch 100): {await Wrk.RunAsync(wrk, new Uri(stub.Root, "/api/v1/inboxes"), Key, seconds, connections, Wrk.CreateScript(Key, 100))}");
            Console.WriteLine($"stub RSS after the rows: {stub.ResidentMiB()} MiB (raw app {raw.ResidentMiB()} MiB, static WireMock.Net {wireMock.ResidentMiB()} MiB)");
        }
        finally
        {
            File.Delete(bodyFile);
        }

        if (soakMinutes > 0)
        {
            // A fresh stub: the rows above created thousands of inboxes. RSS under the GET page load, minute by minute.
            await using var soaked = await Child.StartAsync("dotnet", [stubDll, "--port", "0", "--scenario", "shipped:large", .. stubFlags]);
            Console.WriteLine($"soak: stub RSS at start {soaked.ResidentMiB()} MiB");
            for (var minute = 1; minute <= soakMinutes; minute++)
            {
                var result = await Wrk.RunAsync(wrk, new Uri(soaked.Root, Page), Key, 60, connections, null);
                Console.WriteLine($"soak minute {minute}: {result}, stub RSS {soaked.ResidentMiB()} MiB");
            }
        }
    }

    internal static async Task<byte[]> FetchAsync(Uri url)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>A child process that prints "ready at URL"; its output drained (as a CI job's log file would take it).</summary>
    internal sealed partial class Child : IAsyncDisposable
    {
        private readonly Process _process;

        private Child(Process process, Uri root)
        {
            _process = process;
            Root = root;
        }

        public Uri Root { get; }

        public static async Task<Child> StartAsync(string fileName, string[] args, Dictionary<string, string>? environment = null)
        {
            var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var (name, value) in environment ?? [])
            {
                info.Environment[name] = value;
            }
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            var process = Process.Start(info)!;
            var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            // Lines are read until the ready line; after it, standard output is drained as bytes, as a CI runner
            // appends it to a log: a regex and a string per request line here would load the two cores the stub runs on.
            _ = Task.Run(async () =>
            {
                var output = process.StandardOutput;
                while (await output.ReadLineAsync() is { } line)
                {
                    if (ReadyLine().Match(line) is { Success: true } match)
                    {
                        ready.TrySetResult(new Uri(new Uri(match.Groups["url"].Value.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)), "/"));
                        var sink = new char[64 * 1024];
                        while (await output.ReadAsync(sink) > 0)
                        {
                        }
                        return;
                    }
                }
            });
            process.ErrorDataReceived += (_, _) => { };
            process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{string.Join(' ', args)} exited before it was ready"));
            process.EnableRaisingEvents = true;
            process.BeginErrorReadLine();
            return new Child(process, await ready.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        }

        [GeneratedRegex(@"ready at (?<url>http://\S+)")]
        private static partial Regex ReadyLine();

        public long ResidentMiB()
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}

/// <summary>wrk (loopback, one thread): its requests per second and its count of non-2xx answers.</summary>
internal static partial class Wrk
{
    public sealed record Result(double Rate, long Non2xx, string Latency)
    {
        public override string ToString() => $"{Rate,8:N0} req/s, latency avg {Latency}{(Non2xx > 0 ? $", {Non2xx} non-2xx!" : "")}";
    }

    public static async Task<Result> RunAsync(string wrk, Uri url, string key, int seconds, int connections, string? script)
    {
        var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "-H", $"Authorization: Bearer {key}" })
        {
            info.ArgumentList.Add(arg);
        }
        string? scriptFile = null;
        if (script is not null)
        {
            scriptFile = Path.Combine(Path.GetTempPath(), $"deeplead-wrk-{Guid.NewGuid():N}.lua");
            await File.WriteAllTextAsync(scriptFile, script);
            info.ArgumentList.Add("-s");
            info.ArgumentList.Add(scriptFile);
        }
        info.ArgumentList.Add(url.AbsoluteUri);
        try
        {
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var latency = Latency().Match(output).Groups[1].Value;
            return new Result(rate, non2xx, latency);
        }
        finally
        {
            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }
    }

    /// <summary>POST /api/v1/inboxes with <paramref name="items"/> new inboxes a request (one: a single object), every address unique.</summary>
    public static string CreateScript(string key, int items)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var body = items == 1
            ? "'{\"emailAddress\":\"w" + run + ".' .. n .. '@gmail.com\",\"imapPassword\":\"p\"}'"
            : "batch(n)";
        return new StringBuilder()
            .AppendLine("local n = 0")
            .AppendLine("function batch(n)")
            .AppendLine("  local parts = {}")
            .AppendLine(CultureInfo.InvariantCulture, $"  for i = 1, {items} do parts[i] = '{{\"emailAddress\":\"b{run}.' .. n .. '.' .. i .. '@gmail.com\",\"imapPassword\":\"p\"}}' end")
            .AppendLine("  return '[' .. table.concat(parts, ',') .. ']'")
            .AppendLine("end")
            .AppendLine("request = function()")
            .AppendLine("  n = n + 1")
            .AppendLine(CultureInfo.InvariantCulture, $"  return wrk.format('POST', nil, {{['Content-Type'] = 'application/json', ['Authorization'] = 'Bearer {key}'}}, {body})")
            .AppendLine("end")
            .ToString();
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Latency\s+(\S+)")]
    private static partial Regex Latency();
}
