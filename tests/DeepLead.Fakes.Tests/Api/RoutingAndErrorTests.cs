using System.Net;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class RoutingAndErrorTests : BehaviourTests
{
    [Theory]
    [InlineData("GET", "/api/v1/")]
    [InlineData("GET", "/api/v1/nope")]
    [InlineData("GET", "/api/v1/pools/507f1f77bcf86cd799439011")]
    [InlineData("GET", "/api/v1/inboxes/")]
    [InlineData("DELETE", "/api/v1/inboxes")]
    [InlineData("PUT", "/api/v1/inboxes")]
    [InlineData("POST", "/api/v1/pools")]
    [InlineData("PATCH", "/api/v1/pools")]
    public async Task Unknown_routes_and_methods_are_404_in_the_documented_shape(string method, string path)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(fake.BaseAddress, path)), Ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_fault_inside_the_fake_is_500_in_the_documented_shape_without_a_stack_trace()
    {
        var clock = new BreakableClock();
        await using var fake = await StartAsync(o => o.TimeProvider = clock);
        using var client = Validated(fake);
        clock.Broken = true;

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com"));

        var error = await response.AssertErrorAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("clock broke", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(fake.Inboxes);

        // The fake keeps serving after a fault.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("pools", Ct)).StatusCode);
    }

    private sealed class BreakableClock : TimeProvider
    {
        public volatile bool Broken;

        public override DateTimeOffset GetUtcNow() => Broken ? throw new InvalidOperationException("clock broke") : Now;
    }
}

public sealed class RoutingAndErrorTestsOverWireMock : RoutingAndErrorTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class RoutingAndErrorTestsInMemory : RoutingAndErrorTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}

/// <summary>What only a real port has: an address, a port that can be taken, a socket that closes.</summary>
public sealed class WireMockTransportTests
{
    [Fact]
    public async Task Listens_on_loopback_by_default()
    {
        await using var fake = await StartAsync();

        Assert.Equal("127.0.0.1", fake.BaseAddress.Host);
        Assert.EndsWith("/api/v1/", fake.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_already_in_use_is_a_clear_error()
    {
        await using var first = await StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(o => o.Port = first.BaseAddress.Port));

        Assert.Contains(first.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_from_the_hosts_own_middleware_is_the_documented_500_and_logged_by_type_only()
    {
        var logger = new ListLogger();
        await using var fake = await StartAsync(o =>
        {
            o.Logger = logger;
            o.WireMockPipeline = app => app.Use(next => context =>
                context.Request.Path.StartsWithSegments("/broken", StringComparison.Ordinal)
                    ? throw new InvalidOperationException("secret dl_should_not_be_logged")
                    : next(context));
        });
        using var client = new HttpClient { BaseAddress = new Uri(fake.BaseAddress.GetLeftPart(UriPartial.Authority)) };

        using var broken = await client.GetAsync("broken", Ct);
        var body = await broken.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Equal("""{"error":"Internal server error"}""", body);
        var line = Assert.Single(logger.Lines, l => l.Contains("/broken", StringComparison.Ordinal));
        Assert.Contains(nameof(InvalidOperationException), line, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_should_not_be_logged", string.Join('\n', logger.Lines), StringComparison.Ordinal);
        // The middleware passes the API on, and the fake keeps serving.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/pools", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disposed_fake_stops_listening()
    {
        var fake = await StartAsync();
        using var client = Validated(fake);
        await fake.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("pools", Ct));
        await fake.DisposeAsync();
    }
}
