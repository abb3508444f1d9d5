using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Robustness.Tests.Support;

/// <summary>One HTTP exchange as the tests see it: status, headers and body, read in full under a deadline.</summary>
internal sealed record Exchange(int Status, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string? MediaType, TimeSpan Elapsed)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"{Status} {(Body.Length > 400 ? Body[..400] + "…" : Body)}";
}

/// <summary>Sends requests with a per-request deadline, so a hang shows up as a failure rather than a stuck run.</summary>
internal static class Wire
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static HttpRequestMessage Request(HttpMethod method, string relative, string? apiKey, string? body = null, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, relative);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        return request;
    }

    public static async Task<Exchange> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Deadline);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var headers = response.Headers.Concat(response.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
                .ToList();
            return new Exchange((int)response.StatusCode, body, headers, response.Content.Headers.ContentType?.MediaType, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} got no complete answer within {Deadline.TotalSeconds} s");
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>Synchronous form for CsCheck's synchronous operations (no synchronization context here, so blocking is safe).</summary>
    public static Exchange Send(HttpClient client, HttpRequestMessage request) => SendAsync(client, request).GetAwaiter().GetResult();

    public static HttpClient Client(DeepLeadFake fake)
    {
        var client = new HttpClient(fake.CreateHandler(), disposeHandler: true) { BaseAddress = fake.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
