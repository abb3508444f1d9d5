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
