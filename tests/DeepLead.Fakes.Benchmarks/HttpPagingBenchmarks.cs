using BenchmarkDotNet.Attributes;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// End to end over HTTP: an <see cref="HttpClient"/> from <see cref="DeepLeadFake.CreateClient"/> reading
/// <c>GET inboxes?limit=100</c> from a fake holding 100,000 inboxes, first page against last page.
/// Includes the loopback round trip, WireMock's routing and reading the body.
/// </summary>
[Config(typeof(HttpConfig))]
public class HttpPagingBenchmarks
{
    private const string FirstUri = "inboxes?limit=100&skip=0";
    private const string LastUri = "inboxes?limit=100&skip=99900";

    private DeepLeadFake _fake = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fake = DeepLeadFake.StartAsync(LargeWorld.CreateOptions()).GetAwaiter().GetResult();
        _client = _fake.CreateClient();
        var matching = LargeWorld.Matching(null, null);
        Verify(FirstUri, matching, 0);
        Verify(LastUri, matching, LargeWorld.InboxCount - LargeWorld.PageSize);
        Console.WriteLine($"// Setup: fake at {_fake.BaseAddress} with {LargeWorld.InboxCount} inboxes");
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

    [Benchmark(Baseline = true, Description = "HTTP skip=0")]
    public Task<byte[]> FirstPage() => Get(FirstUri);

    [Benchmark(Description = "HTTP skip=99900")]
    public Task<byte[]> LastPage() => Get(LastUri);

    private async Task<byte[]> Get(string uri)
    {
        using var response = await _client.GetAsync(uri);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
