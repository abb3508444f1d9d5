using WireMock.Server;
using WireMock.Settings;

namespace DeepLead.Fakes.Tests.Transports;

/// <summary>
/// The front door answers <c>GET /__admin/health</c> itself, so that health probes skip WireMock.Net's scan over its
/// admin mappings and that scan's one-off costs. Whatever it answers must be what WireMock.Net answers, on that path and
/// on its near misses (which still go to WireMock.Net): held here against a plain WireMock.Net server, request by request.
/// </summary>
public sealed class WireMockHealthTests
{
    public static TheoryData<string, string> Requests => new()
    {
        { "GET", "/__admin/health" },
        { "GET", "/__admin/health?probe=1" },
        { "GET", "/__admin/Health" },
        { "GET", "/__ADMIN/health" },
        { "GET", "/__admin/health/" },
        { "GET", "/__admin/healthz" },
        { "HEAD", "/__admin/health" },
        { "POST", "/__admin/health" },
        { "DELETE", "/__admin/health" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task The_fake_answers_health_as_WireMock_Net_does(string method, string target)
    {
        using var wireMock = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], StartAdminInterface = true, MaxRequestLogCount = 0 });
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { EnableWireMockAdmin = true }, TestSupport.Ct);
        using var http = new HttpClient();

        var expected = await SendAsync(http, new Uri(wireMock.Url!), method, target);
        var actual = await SendAsync(http, new Uri(fake.BaseAddress, "/"), method, target);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task The_health_answer_is_WireMock_Nets_healthy_text()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { EnableWireMockAdmin = true }, TestSupport.Ct);
        using var http = new HttpClient();

        var answer = await SendAsync(http, new Uri(fake.BaseAddress, "/"), "GET", "/__admin/health");

        Assert.Equal("200 text/plain Healthy", answer);
    }

    /// <summary>Status, content type and body: what a probe or a client can tell apart.</summary>
    private static async Task<string> SendAsync(HttpClient http, Uri root, string method, string target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(root, target));
        using var response = await http.SendAsync(request, TestSupport.Ct);
        var body = await response.Content.ReadAsStringAsync(TestSupport.Ct);
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}".TrimEnd();
    }
}
