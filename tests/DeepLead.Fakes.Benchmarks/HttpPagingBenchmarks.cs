using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// End to end over HTTP: an <see cref="HttpClient"/> from <see cref="DeepLeadFake.CreateClient"/> reading
/// <c>GET inboxes?limit=100</c> from a fake holding 100,000 inboxes, pages at the start against pages at the end.
/// Includes the loopback round trip, WireMock's routing and reading the body. Like the in-process benchmark it
/// rotates through <see cref="InboxPagingBenchmarks.Window"/> distinct pages, so each request renders its page
/// rather than hitting the store's render cache.
/// </summary>
[Config(typeof(HttpConfig))]
public class HttpPagingBenchmarks
{
    private const int Window = InboxPagingBenchmarks.Window;

    private DeepLeadFake _fake = null!;
    private HttpClient _client = null!;
    private string[] _first = null!;
    private string[] _last = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _fake = DeepLeadFake.StartAsync(LargeWorld.CreateOptions()).GetAwaiter().GetResult();
        _client = _fake.CreateClient();
        var matching = LargeWorld.Matching(null, null);
        var lastSkip = LargeWorld.InboxCount - LargeWorld.PageSize;
        _first = new string[Window];
        _last = new string[Window];
        for (var k = 0; k < Window; k++)
        {
            _first[k] = "inboxes?limit=100&skip=" + k.ToString(CultureInfo.InvariantCulture);
            _last[k] = "inboxes?limit=100&skip=" + (lastSkip - Window + 1 + k).ToString(CultureInfo.InvariantCulture);
            Verify(_first[k], matching, k);
            Verify(_last[k], matching, lastSkip - Window + 1 + k);
        }
        Console.WriteLine($"// Setup: fake at {_fake.BaseAddress} with {LargeWorld.InboxCount} inboxes; {_first[0]} .. {_last[^1]} checked");
    }

    private void Verify(string uri, List<int> matching, int skip)
    {
        using var response = _client.GetAsync(uri).GetAwaiter().GetResult();
        var body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        if ((int)response.StatusCode != 200)
        {
            throw new InvalidOperationException($"GET {uri}: expected 200, got {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
        LargeWorld.VerifyPage("HTTP " + uri, body, matching, skip);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _fake.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HTTP start pages (skip 0..511)")]
    public Task<byte[]> FirstPages() => Get(_first[_next++ & (Window - 1)]);

    [Benchmark(Description = "HTTP end pages (skip ..99900)")]
    public Task<byte[]> LastPages() => Get(_last[_next++ & (Window - 1)]);

    private async Task<byte[]> Get(string uri)
    {
        using var response = await _client.GetAsync(uri);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
