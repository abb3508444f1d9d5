using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DeepLead.Fakes;

/// <summary>
/// Issue 27's figures for a large account (a copy of a real one): load time, memory per inbox, paging and snapshot at
/// 100,000 and 1,000,000 inboxes, on the stub as shipped (a published build, over its port) and in process. Every
/// in-process figure is taken in a fresh child process of this driver, so one measurement's heap is not the next one's.
/// <code>
/// --scale-load     [--stub DLL] [--rounds 5] [--dir DIR]   start time added by a 100k and a 1M scenario (file and generate), RSS, heap
///                  [--only 100k] [--no-in-process]          (only the rows whose label has the text; only the stub's rows)
/// --scale-paging   [--stub DLL]                            a page at skip 999,000 of 1M, a pool + status page, GET /pools with 10,000 pools
/// --scale-snapshot  --stub DLL                             deeplead-fake snapshot of a 1M-inbox stub: time and peak RSS of the snapshot process
/// </code>
/// With --generated, paging and snapshot use a generate block of the same size instead of a file (for builds that
/// could not load a 1M-inbox file).
/// The scenario files are written once into --dir (default: a directory under /tmp) and reused by later runs.
/// </summary>
internal static class Scale
{
    public const string Key = "dl_your_api_key_here";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string[] args)
    {
        var dir = Value(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "deeplead-scale");
        Directory.CreateDirectory(dir);
        var stub = Value(args, "--stub") is { } s ? Path.GetFullPath(s) : null;
        var rounds = int.Parse(Value(args, "--rounds") ?? "5", Invariant);
        Console.WriteLine($"scale figures: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}, stub {stub ?? "(none: in process only)"}");

        if (args.Contains("--scale-load"))
        {
            var file100k = ScenarioFile(dir, 100_000, 1_000);
            var file1m = ScenarioFile(dir, 1_000_000, 10_000);
            var generate1m = GenerateFile(dir, 1_000_000, 1_000);
            // --only TEXT: the rows whose label contains it (e.g. "100k"); --no-in-process: the stub's rows only.
            var only = Value(args, "--only");
            var rows = new[] { ("100k file", file100k, 100_000, rounds), ("1M file", file1m, 1_000_000, Math.Min(rounds, 3)), ("1M generate", generate1m, 1_000_000, Math.Min(rounds, 3)) }
                .Where(r => only is null || r.Item1.Contains(only, StringComparison.Ordinal)).ToArray();
            foreach (var (label, file, n, count) in args.Contains("--no-in-process") ? [] : rows)
            {
                var results = new List<ChildResult>();
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        results.Add(await ChildAsync(["--scale-child", "load", file]));
                    }
                }
                catch (InvalidOperationException exception)
                {
                    Console.WriteLine($"in process, {label}: FAILED: {exception.Message}");
                    continue;
                }
                var added = Median(results.Select(r => r.AddedMs));
                var heap = Median(results.Select(r => r.HeapBytes));
                var rss = Median(results.Select(r => r.RssBytes));
                Console.WriteLine(string.Create(Invariant,
                    $"in process, {label}: start adds {added:0} ms (median of {count}: {string.Join(", ", results.Select(r => r.AddedMs.ToString("0", Invariant)))}); managed heap +{heap / 1048576:0} MiB = {heap / n:0} bytes/inbox; RSS +{rss / 1048576:0} MiB = {rss / n:0} bytes/inbox (after load, vs a bare fake in the same process)"));
            }
            if (stub is not null)
            {
                foreach (var (label, file, n, count) in rows)
                {
                    var bare = new List<StubStart>();
                    var loaded = new List<StubStart>();
                    try
                    {
                        for (var i = 0; i < count; i++)
                        {
                            // Interleaved, so a busy neighbour costs both alike.
                            bare.Add(await StartStubAsync(stub, []));
                            loaded.Add(await StartStubAsync(stub, ["--scenario", file]));
                        }
                    }
                    catch (InvalidOperationException exception)
                    {
                        Console.WriteLine($"stub, {label}: FAILED: {exception.Message}");
                        continue;
                    }
                    var added = Median(bare.Zip(loaded).Select(p => p.Second.Ms - p.First.Ms));
                    var rss = Median(loaded.Select(r => (double)r.RssBytes));
                    var bareRss = Median(bare.Select(r => (double)r.RssBytes));
                    var hwm = loaded.Max(r => r.PeakRssBytes);
                    Console.WriteLine(string.Create(Invariant,
                        $"stub, {label}: start to first 200 adds {added:0} ms (median of {count} paired rounds; stub {string.Join(", ", loaded.Select(r => r.Ms.ToString("0", Invariant)))} ms, bare stub {string.Join(", ", bare.Select(r => r.Ms.ToString("0", Invariant)))} ms); RSS after load {rss / 1048576:0} MiB (bare {bareRss / 1048576:0} MiB: {(rss - bareRss) / n:0} bytes/inbox), peak {hwm / 1048576.0:0} MiB"));
                }
            }
        }

        if (args.Contains("--scale-paging"))
        {
            // --generated: the same sizes from a generate block (before issue 27 a 1M-inbox file could not be loaded).
            var generated = args.Contains("--generated");
            var paging = generated ? GenerateFile(dir, 1_000_000, 10) : ScenarioFile(dir, 1_000_000, 10);
            var pools = generated ? GenerateFile(dir, 1_000_000, 10_000) : ScenarioFile(dir, 1_000_000, 10_000);
            var result = await ChildAsync(["--scale-child", "paging", paging]);
            Console.WriteLine(result.Text);
            result = await ChildAsync(["--scale-child", "pools", pools]);
            Console.WriteLine(result.Text);
            if (stub is not null)
            {
                Console.WriteLine(await StubPagingAsync(stub, paging, "paging"));
                Console.WriteLine(await StubPagingAsync(stub, pools, "pools"));
            }
        }

        if (args.Contains("--scale-snapshot"))
        {
            if (stub is null)
            {
                throw new InvalidOperationException("--scale-snapshot needs --stub DLL (a published stub: it serves the account and runs the snapshot command).");
            }
            var file = args.Contains("--generated") ? GenerateFile(dir, 1_000_000, 1_000) : ScenarioFile(dir, 1_000_000, 1_000);
            Console.WriteLine(await SnapshotAsync(stub, file, dir));
        }
    }

    /// <summary>The in-process measurements, one per child process (see <see cref="ChildAsync"/>).</summary>
    public static async Task ChildMainAsync(string[] args)
    {
        var kind = args[1];
        var file = args[2];
        // A tiny scenario of the same shape first: the JIT compilation of reading one is not the large file's cost.
        var warm = ScenarioFile(Path.GetDirectoryName(file)!, 10, 2);
        await using (await DeepLeadFake.StartAsync(Options().AddScenarioFile(warm)))
        {
        }
        if (kind == "load")
        {
            var bareWatch = Stopwatch.StartNew();
            await using (await DeepLeadFake.StartAsync(Options()))
            {
                bareWatch.Stop();
            }
            var heapBefore = Settled();
            var rssBefore = Rss(Environment.ProcessId);
            var watch = Stopwatch.StartNew();
            await using var fake = await DeepLeadFake.StartAsync(Options().AddScenarioFile(file));
            var took = watch.Elapsed.TotalMilliseconds - bareWatch.Elapsed.TotalMilliseconds;
            var heap = Settled() - heapBefore;
            var rss = Rss(Environment.ProcessId) - rssBefore;
            GC.KeepAlive(fake);
            Console.WriteLine(string.Create(Invariant, $"RESULT {took} {heap} {rss}"));
            return;
        }
        await using (var fake = await DeepLeadFake.StartAsync(Options().AddScenarioFile(file)))
        {
            using var client = fake.CreateClient();
            Console.WriteLine("RESULT 0 0 0 " + await PagingFiguresAsync(client, kind, "in process (TestHost)"));
        }
    }

    private static async Task<string> PagingFiguresAsync(HttpClient client, string kind, string where)
    {
        if (kind == "pools")
        {
            // The pool list is computed once per state of the store; its rendering, O(pools), is what each request pays.
            var pools = await TimeAsync(client, _ => "pools");
            var count = JsonDocument.Parse(await client.GetByteArrayAsync("pools")).RootElement.GetProperty("pools").GetArrayLength();
            return string.Create(Invariant, $"{where}: GET /pools with {count:N0} pools p50 {pools.P50:0.00} ms, p90 {pools.P90:0.00} ms");
        }
        var page = JsonDocument.Parse(await client.GetByteArrayAsync("pools")).RootElement.GetProperty("pools")[0];
        var pool = page.GetProperty("id").GetString();
        var filtered = JsonDocument.Parse(await client.GetByteArrayAsync($"inboxes?poolId={pool}&status=active&limit=1")).RootElement
            .GetProperty("pagination").GetProperty("total").GetInt32();
        // Distinct windows, so no answer comes from the read cache: each request renders its page.
        var end = await TimeAsync(client, i => $"inboxes?skip={999_000 - i}&limit=1000");
        var start = await TimeAsync(client, i => $"inboxes?skip={i}&limit=1000");
        var filter = await TimeAsync(client, i => $"inboxes?poolId={pool}&status=active&skip={filtered - 1000 - i}&limit=1000");
        return string.Create(Invariant,
            $"{where}, 1,000,000 inboxes: GET /inboxes?skip=999000&limit=1000 p50 {end.P50:0.00} ms (p90 {end.P90:0.00}; skip 0: p50 {start.P50:0.00} ms); poolId + status=active ({filtered:N0} match), last 1,000: p50 {filter.P50:0.00} ms (p90 {filter.P90:0.00})");
    }

    private static async Task<(double P50, double P90)> TimeAsync(HttpClient client, Func<int, string> path, int count = 50)
    {
        // The first windows untimed (JIT, tiering), then fresh windows timed: none is in the read cache.
        for (var i = 0; i < count; i++)
        {
            (await client.GetAsync(path(i))).EnsureSuccessStatusCode();
        }
        var times = new List<double>();
        for (var i = count; i < 2 * count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path(i));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.9)]);
    }

    private static DeepLeadFakeOptions Options() => new() { Transport = FakeTransport.InMemory };

    private sealed record ChildResult(double AddedMs, double HeapBytes, double RssBytes, string Text);

    private static async Task<ChildResult> ChildAsync(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.LoadDriver.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the child {string.Join(' ', arguments)} failed: {output} {await error}");
        var parts = line.Split(' ', 5);
        return new ChildResult(double.Parse(parts[1], Invariant), double.Parse(parts[2], Invariant), double.Parse(parts[3], Invariant), parts.Length > 4 ? parts[4] : "");
    }

    private sealed record StubStart(double Ms, long RssBytes, long PeakRssBytes);

    /// <summary>Process start to the first 200 on GET /api/v1/inboxes, then the stub's RSS (VmRSS) and peak (VmHWM).</summary>
    private static async Task<StubStart> StartStubAsync(string stub, string[] flags)
    {
        var (process, root, ms) = await LaunchStubAsync(stub, flags);
        using (process)
        {
            try
            {
                return new StubStart(ms, Rss(process.Id), Status(process.Id, "VmHWM:"));
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<(Process Process, Uri Root, double Ms)> LaunchStubAsync(string stub, string[] flags)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[stub, "--port", "0", "--log-level", "warning", .. flags])
        {
            info.ArgumentList.Add(argument);
        }
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
        {
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (line.Contains("ready at", StringComparison.Ordinal) && at >= 0)
            {
                var root = new Uri(new Uri(line[at..].Split(' ')[0]), "/");
                using var client = new HttpClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri(root, "/api/v1/inboxes"));
                        if ((int)response.StatusCode == 200)
                        {
                            var ms = watch.Elapsed.TotalMilliseconds;
                            // Drain the rest of its output, so the stub never blocks on a full pipe.
                            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                            return (process, root, ms);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not accepting yet: ask again.
                    }
                }
            }
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"{stub} exited before it was ready (exit code {process.ExitCode}): {(await error).Trim()}");
    }

    private static async Task<string> StubPagingAsync(string stub, string file, string kind)
    {
        var (process, root, _) = await LaunchStubAsync(stub, ["--scenario", file, "--journal-limit", "1000"]);
        using (process)
        {
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(root, "/api/v1/") };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                return await PagingFiguresAsync(client, kind, "stub over 127.0.0.1 (client round trip)");
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<string> SnapshotAsync(string stub, string file, string dir)
    {
        var (server, root, _) = await LaunchStubAsync(stub, ["--scenario", file]);
        using (server)
        {
            try
            {
                var output = Path.Combine(dir, "snapshot-out.json");
                var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var argument in (string[])[stub, "snapshot", "--from", new Uri(root, "/api/v1").AbsoluteUri, "--out", output])
                {
                    info.ArgumentList.Add(argument);
                }
                info.Environment["DEEPLEAD_API_KEY"] = Key;
                var watch = Stopwatch.StartNew();
                using var process = Process.Start(info)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                long peak = 0;
                while (!process.HasExited)
                {
                    // VmHWM is the peak RSS so far; read it while the process is still there.
                    peak = Math.Max(peak, Status(process.Id, "VmHWM:"));
                    await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(50));
                }
                var took = watch.Elapsed;
                var said = (await stdout).Trim();
                var size = File.Exists(output) ? new FileInfo(output).Length : 0;
                File.Delete(output);
                return process.ExitCode != 0
                    ? $"snapshot FAILED (exit {process.ExitCode}): {await stderr}"
                    : string.Create(Invariant, $"deeplead-fake snapshot of the 1,000,000-inbox stub: {took.TotalSeconds:0.0} s, peak RSS {peak / 1048576.0:0} MiB (of the snapshot process, sampled every 50 ms), file {size / 1048576.0:0} MiB; {said}");
            }
            finally
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// A copy of a large account as the snapshot command writes it: pools, then one inbox per line with the six
    /// documented fields. Addresses at the documented providers' domains and at custom ones; statuses mixed.
    /// </summary>
    public static string ScenarioFile(string dir, int inboxes, int pools)
    {
        var path = Path.Combine(dir, string.Create(Invariant, $"scale-{inboxes}-inboxes-{pools}-pools.json"));
        if (File.Exists(path))
        {
            return path;
        }
        string[] domains = ["gmail.com", "outlook.com", "yahoo.com", "zoho.com", "icloud.com", "acme-mail.example", "globex.example", "initech.example"];
        string[] statuses = ["active", "active", "active", "paused", "error", "deactivated"];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", "scale");
            json.WriteString("clock", "2025-06-01T00:00:00Z");
            json.WriteStartArray("apiKeys");
            json.WriteStartObject();
            json.WriteString("key", Key);
            json.WriteEndObject();
            json.WriteEndArray();
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
            using var item = new Utf8JsonWriter(buffer);
            json.WriteStartArray("pools");
            for (var p = 0; p < pools; p++)
            {
                item.WriteStartObject();
                item.WriteString("id", PoolId(p));
                item.WriteString("name", string.Create(Invariant, $"Outreach pool {p + 1}"));
                item.WriteString("createdAt", start.AddMinutes(-p - 1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant));
                item.WriteEndObject();
                Flush(json, item, buffer);
            }
            json.WriteEndArray();
            json.WriteStartArray("inboxes");
            for (var i = 0; i < inboxes; i++)
            {
                item.WriteStartObject();
                item.WriteString("id", string.Create(Invariant, $"66a{i:x21}"));
                item.WriteString("emailAddress", string.Create(Invariant, $"sender.{i}@{domains[i % domains.Length]}"));
                item.WriteString("poolId", PoolId(i % pools));
                item.WriteString("status", statuses[i / 7 % statuses.Length]);
                item.WriteNumber("dailySendingLimit", 2 + i % 48);
                item.WriteString("createdAt", start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant));
                item.WriteEndObject();
                Flush(json, item, buffer);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        File.Move(temporary, path, overwrite: true);
        return path;

        static string PoolId(int p) => string.Create(Invariant, $"65b{p:x21}");

        static void Flush(Utf8JsonWriter json, Utf8JsonWriter item, System.Buffers.ArrayBufferWriter<byte> buffer)
        {
            item.Flush();
            json.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
            buffer.ResetWrittenCount();
            item.Reset(buffer);
        }
    }

    /// <summary>The same size made by a <c>generate</c> block (Bogus), as a scenario file.</summary>
    public static string GenerateFile(string dir, int inboxes, int pools)
    {
        var path = Path.Combine(dir, string.Create(Invariant, $"scale-generate-{inboxes}-{pools}.json"));
        File.WriteAllText(path, string.Create(Invariant,
            $$$"""{"name": "scale-generate", "clock": "2025-06-01T00:00:00Z", "seed": 27, "apiKeys": [{"key": "{{{Key}}}"}], "generate": {"pools": {{{pools}}}, "inboxes": {{{inboxes}}}}}"""));
        return path;
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
    }

    private static long Rss(int pid) => Status(pid, "VmRSS:");

    /// <summary>A kB line of /proc/PID/status, in bytes.</summary>
    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], Invariant) * 1024;
            }
        }
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
