using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using DeepLead.Fakes.Transports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DeepLead.Fakes.Tests.Transports;

/// <summary>
/// The front door (<c>Transports/WireMock/WireMockFrontDoor.cs</c>) predicts WireMock.Net's own matching to keep the API
/// off WireMock.Net's path unless a user's mapping could answer. This table holds the prediction against WireMock.Net
/// itself, request by request: a plain WireMock.Net server on loopback with a set of user mappings of every kind, and
/// ahead of it a middleware that records the prediction from what Kestrel hands the front door (path, raw query).
/// The transcript (<c>wiremock-matching.txt</c>) is the table: an upgrade of WireMock.Net that changes what matches, or a
/// change to the prediction, shows as a diff. Whatever the table says, a request a user mapping answers must have been
/// predicted (the front door may defer too often, never too rarely).
/// </summary>
public sealed class WireMockMatchingTableTests : IAsyncLifetime
{
    /// <summary>Each user mapping answers with its own status, which names it in the table.</summary>
    private static readonly (string Name, int Status, Func<IRequestBuilder> Request)[] Mappings =
    [
        ("exact", 291, () => Request.Create().WithPath("/api/v1/pools")),
        ("wildcard", 292, () => Request.Create().WithPath(new WildcardMatcher("/api/v1/inbox*"))),
        ("regex", 293, () => Request.Create().WithPath(new RegexMatcher("^/custom/[0-9]+$"))),
        ("exact-matcher", 294, () => Request.Create().WithPath(new ExactMatcher("/Docs/Readme"))),
        ("space", 295, () => Request.Create().WithPath("/files/a b")),
        ("either", 296, () => Request.Create().WithPath("/one", "/two")),
        ("reject", 297, () => Request.Create().WithPath(new WildcardMatcher(MatchBehaviour.RejectOnMatch, "/*/v1/*"))), // last resort: lowest priority
        ("with-param", 298, () => Request.Create().WithPath("/query/only").WithParam("limit", "5").UsingGet()),
    ];

    /// <summary>Request targets as sent on the wire (path and query), odd ones included.</summary>
    private static readonly string[] Targets =
    [
        "/api/v1/pools", "/api/v1/pools/", "/API/V1/POOLS", "/api/v1/pools?limit=1", "/api/v1/pools?limit", "/api/v1/pools?=x",
        "/api/v1/pools?a=1&A=2", "/api/v1/pools?=x&=y", "/api/v1/pools?=", "/api/v1/pools?&", "/api/v1/pools?a&a",
        "/api/v1/pools?=&a=1", "/api/v1/pools?a=", "/api/v1/pools?a&A", "/api/v1/pools?==", "/api/v1/pools?=%20", "/api/v1/pools?%3D=1", "/api/v1/pools?limit=1&limit=2", "/api/v1/pools?limit=1;skip=2", "/api/v1/pools?%6Cimit=1&limit=2",
        "/api/v1/pools?x=%ZZ", "/api/v1/pools%2F", "/api/v1%2Fpools", "/api/v1/pools;x=1", "/api/v1/../v1/pools", "/%61pi/v1/pools",
        "/api/v1/pool", "/api/v1", "/api/v1/", "/api", "/",
        "/api/v1/inboxes", "/api/v1/inboxes?limit=5", "/api/v1/inboxes?status[]=active", "/api/v1/inboxes?poolId=&limit=5",
        "/api/v1/inbox", "/api/v1/inboxesX", "/api/v1/inboxes/123", "/api/v1/INBOXES", "/api/v1/inb%6Fxes",
        "/custom/1", "/custom/12345", "/custom/x", "/custom/1/", "/CUSTOM/1", "/custom/%31",
        "/Docs/Readme", "/docs/readme", "/Docs/Readme/", "/Docs/Readme?x=1",
        "/files/a%20b", "/files/a+b", "/files/a%2520b",
        "/one", "/two", "/three", "/ONE", "/one/two",
        "/elsewhere", "/elsewhere?x=1", "/api/v2/pools", "/v1/x", "/x/v1/y", "/%C3%A4",
        "/query/only", "/query/only?limit=5", "/query/only?limit=6", "/query/only?LIMIT=5",
        "/__admin/mappings", "/favicon.ico",
    ];

    private readonly ConcurrentDictionary<string, bool> _predictions = new(StringComparer.Ordinal);
    private WireMockServer? _server;

    public ValueTask InitializeAsync()
    {
        var settings = new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
            MaxRequestLogCount = 0,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                // What the front door sees: Kestrel's path and raw query, and the user mappings in force.
                _predictions[context.Request.Headers["X-Row"].ToString()] =
                    WireMockFrontDoor.WouldDefer(_server!.Mappings, [], context.Request.Path.Value ?? "/", context.Request.QueryString.Value);
                await next(context);
            }),
        };
        _server = WireMockServer.Start(settings);
        foreach (var (name, status, request) in Mappings)
        {
            // The catch-most "reject" mapping last, so the table shows which specific mapping answers where one does.
            _server.Given(request()).WithTitle(name).AtPriority(name == "reject" ? 100 : 1).RespondWith(Response.Create().WithStatusCode(status));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _server?.Stop();
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void The_table_has_at_least_fifty_requests_and_runs_against_the_pinned_WireMock_Net()
    {
        Assert.True(Targets.Length >= 50, $"{Targets.Length} rows");
        Assert.Equal(Targets.Length, Targets.Distinct(StringComparer.Ordinal).Count());
        // The one place the version is pinned is Directory.Packages.props; the table was recorded against it.
        var pinned = typeof(WireMockMatchingTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WireMockNetVersion").Value!;
        var loaded = typeof(WireMockServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.StartsWith(pinned, loaded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_front_doors_prediction_matches_WireMock_Nets_own_matching_request_by_request()
    {
        var port = _server!.Ports[0];
        var rows = new StringBuilder();
        var missed = new List<string>();
        foreach (var target in Targets)
        {
            var status = await SendAsync(port, target);
            var matched = Mappings.SingleOrDefault(m => m.Status == status).Name
                ?? status switch { 404 => "none", 400 => "kestrel-400", >= 500 => "wiremock-error", _ => $"status {status}" };
            // Kestrel refuses some targets before any middleware: no prediction is made, and none is needed.
            var predicted = _predictions.TryGetValue(target, out var defer) ? (defer ? "defer" : "fake") : "-";
            rows.Append(target).Append(" | ").Append(matched).Append(" | ").Append(predicted).Append('\n');
            if (Mappings.Any(m => m.Name == matched) && predicted != "defer")
            {
                missed.Add($"{target}: the user mapping '{matched}' answers it, but the front door would answer it itself");
            }
            if (matched == "wiremock-error" && predicted == "defer")
            {
                missed.Add($"{target}: WireMock.Net fails on it, but the front door would hand it over");
            }
        }

        await GoldenFile.AssertMatchesAsync(rows.ToString(), "Transports", "wiremock-matching.txt");
        Assert.True(missed.Count == 0, string.Join("\n", missed));
    }

    /// <summary>One request with the target exactly as given (no client-side normalisation), the answer's status.</summary>
    private static async Task<int> SendAsync(int port, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, TestSupport.Ct);
        await using var stream = client.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Row: {target}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestSupport.Ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(TestSupport.Ct) ?? throw new InvalidOperationException($"{target}: no answer");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
