using System.Net;
using DeepLead.Fakes.Robustness.Tests.Fuzz;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// The web server's own limits, exactly where the fuzz oracle (<see cref="ServerLimits"/>) and docs/behaviour.md put them:
/// up to the limit the fake answers; one byte past it the server refuses the request before the fake runs.
/// </summary>
public sealed class ServerLimitTests
{
    [Fact]
    public async Task A_request_line_of_8192_bytes_reaches_the_fake_and_one_byte_more_is_refused_with_414()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = FakeTransport.WireMock }, ct);
        using var client = fake.CreateClient();

        var atLimit = await client.GetAsync(TargetWithLineOf(ServerLimits.MaxRequestLineBytes), ct);
        var pastLimit = await client.GetAsync(TargetWithLineOf(ServerLimits.MaxRequestLineBytes + 1), ct);

        Assert.NotEqual(HttpStatusCode.RequestUriTooLong, atLimit.StatusCode);
        Assert.Equal("application/json", atLimit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, pastLimit.StatusCode);
    }

    [Fact]
    public async Task Headers_past_32_KB_are_refused_with_431_and_an_ordinary_long_key_reaches_the_fake()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = FakeTransport.WireMock }, ct);
        using var client = fake.CreateClient("dl_" + new string('k', 6000));
        using var huge = fake.CreateClient("dl_" + new string('k', ServerLimits.MaxHeadersTotalBytes + 1024));

        var ordinary = await client.GetAsync("pools", ct);
        var refused = await huge.GetAsync("pools", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, ordinary.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        Assert.Equal(431, ServerLimits.RefusalStatus("GET", "/api/v1/pools", "Bearer dl_" + new string('k', ServerLimits.MaxHeadersTotalBytes + 1024)));
    }

    [Fact]
    public async Task A_query_name_of_raw_non_ascii_bytes_is_refused_by_the_web_server_with_an_empty_400_and_percent_encoded_reaches_the_fake()
    {
        // docs/behaviour.md, "Queries": raw bytes past ASCII in the request line never reach the fake over a port.
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = FakeTransport.WireMock }, ct);
        using var client = fake.CreateClient();

        var raw = await RawAsync(fake.BaseAddress, "/api/v1/inboxes?\u00e4=1", fake.ApiKey, ct);
        var journalledBefore = fake.Journal.Calls.Count;
        using var encoded = await client.GetAsync("inboxes?%C3%A4=1", ct);

        Assert.StartsWith("HTTP/1.1 400 ", raw, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, journalledBefore);
        Assert.Equal(HttpStatusCode.OK, encoded.StatusCode);
        Assert.Equal("ignored query parameter \"%C3%A4\" (not a parameter of this endpoint)", Assert.Single(encoded.Headers.GetValues("X-DeepLead-Fake-Warning")));
    }

    /// <summary>Sends one request line as raw UTF-8 bytes (no client would) and returns the answer's head.</summary>
    private static async Task<string> RawAsync(Uri baseAddress, string target, string key, CancellationToken ct)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, ct);
        var stream = tcp.GetStream();
        var request = System.Text.Encoding.UTF8.GetBytes($"GET {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request, ct);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>A target under the API whose request line (CRLF included) is exactly <paramref name="bytes"/> long.</summary>
    private static string TargetWithLineOf(int bytes)
    {
        const string path = "/api/v1/inboxes";
        var padding = bytes - ServerLimits.RequestLineBytes("GET", path + "?q=");
        var target = path + "?q=" + new string('x', padding);
        Assert.Equal(bytes, ServerLimits.RequestLineBytes("GET", target));
        Assert.Equal(bytes > ServerLimits.MaxRequestLineBytes ? 414 : null, ServerLimits.RefusalStatus("GET", target, null));
        return target;
    }
}
