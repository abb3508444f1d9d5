using System.Collections.Concurrent;
using System.Diagnostics;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>Sends generated requests from several workers and checks every answer against the documentation.</summary>
internal static class FuzzRunner
{
    /// <summary>
    /// A hang detector, not a latency target (latency is measured by the benchmarks and the load driver): on a busy
    /// 2-core machine a 3 MB body through the port was seen to take 4.7 s, so 5 s failed runs with no fault in the fake.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public sealed class Report
    {
        public int Sent;
        public ConcurrentQueue<string> Failures { get; } = new();
        public ConcurrentDictionary<int, int> ByStatus { get; } = new();
        public ConcurrentDictionary<string, int> ByBodyKind { get; } = new();
        public long MaxTicks;
        public TimeSpan Elapsed;

        /// <summary>The digest of the requests sent, in index order (<see cref="FuzzTranscript"/>).</summary>
        public string TranscriptDigest = "";

        public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref MaxTicks));

        /// <summary>Failures grouped by kind (the problem text without numbers), each with a count and its first example.</summary>
        public string Grouped(int examples = 20) => string.Join("\n", Failures
            .GroupBy(f => System.Text.RegularExpressions.Regex.Replace(f.Split(" — ")[0], @"[0-9]+", "N"))
            .OrderByDescending(g => g.Count())
            .Take(examples)
            .Select(g => $"[{g.Count()}x] {g.First()}"));

        public string Summary() =>
            $"{Sent} requests in {Elapsed.TotalSeconds:0.0} s, slowest {Slowest.TotalMilliseconds:0} ms; statuses " +
            string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")) + "; failures: " + Failures.Count;
    }

    /// <param name="overThePort">
    /// True when a web server stands between client and fake: then a request past its limits is owed the server's
    /// refusal (<see cref="FuzzRequest.ServerRefusal"/>), and only that.
    /// </param>
    public static async Task<Report> RunAsync(
        HttpClient client, Uri root, FuzzGenerator generator, int first, int count, int workers, bool overThePort, CancellationToken cancellationToken)
    {
        var report = new Report();
        var transcript = new FuzzTranscript(first, count);
        var next = first - 1;
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < first + count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = generator.Next(index);
                transcript.Add(request);
                await CheckAsync(client, root, request, overThePort, report, cancellationToken);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(tasks);
        report.Elapsed = stopwatch.Elapsed;
        report.TranscriptDigest = transcript.Digest();
        return report;
    }

    private static async Task CheckAsync(HttpClient client, Uri root, FuzzRequest request, bool overThePort, Report report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref report.Sent);
        report.ByBodyKind.AddOrUpdate(request.BodyKind, 1, (_, n) => n + 1);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), FuzzRequest.Target(root, request.PathAndQuery));
        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Deadline);
        var started = Stopwatch.GetTimestamp();
        Exchange exchange;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            exchange = new Exchange((int)response.StatusCode, body, [], response.Content.Headers.ContentType?.MediaType, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var what = timeout.IsCancellationRequested ? $"no answer within {Deadline.TotalSeconds} s" : $"{exception.GetType().Name}: {exception.GetBaseException().Message}";
            report.Failures.Enqueue($"{what} — {request}");
            return;
        }
        var ticks = exchange.Elapsed.Ticks;
        long seen;
        while (ticks > (seen = Interlocked.Read(ref report.MaxTicks)) && Interlocked.CompareExchange(ref report.MaxTicks, ticks, seen) != seen)
        {
        }
        report.ByStatus.AddOrUpdate(exchange.Status, 1, (_, n) => n + 1);

        var problems = new List<string>();
        if (overThePort && request.ServerRefusal is { } refusal)
        {
            // Refused by the web server before the fake ran: its status and nothing else (its body is empty).
            if (exchange.Status != refusal)
            {
                problems.Add($"status {exchange.Status}, the web server's limit: {refusal}");
            }
        }
        else
        {
            if (exchange.Status >= 500)
            {
                problems.Add($"status {exchange.Status} with no rule asking for it");
            }
            if (request.OwesDocumentedShape)
            {
                if (!request.Allowed.Contains(exchange.Status))
                {
                    problems.Add($"status {exchange.Status}, documented: {string.Join("/", request.Allowed)}");
                }
                if (request.Method != "HEAD")
                {
                    problems.AddRange(Contract.Problems(exchange, Contract.EndpointOf(request.Method, request.PathAndQuery.Split('?')[0])));
                }
            }
        }
        if (problems.Count > 0)
        {
            report.Failures.Enqueue($"{string.Join("; ", problems)} — {request} — got {exchange}");
        }
    }
}
