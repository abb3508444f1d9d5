using System.Text;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// Minimal reproductions of what the fuzzer and the model found, asserting the documented behaviour: bad input is a
/// 400 in the documented shape, never a crash, a 500 or a stack trace.
/// </summary>
public sealed class BugReproductionTests
{
    private static async Task<(DeepLeadFake Fake, HttpClient Client)> StartAsync(FakeTransport transport, bool strict = false)
    {
        var options = new DeepLeadFakeOptions { Transport = transport, Seed = 3 };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        if (strict)
        {
            options.Scenarios.Add(ScenarioSource.Shipped("strict"));
        }
        var fake = await DeepLeadFake.StartAsync(options, TestContext.Current.CancellationToken);
        return (fake, new HttpClient(fake.CreateHandler(), disposeHandler: true) { BaseAddress = fake.BaseAddress });
    }

    private static async Task<Exchange> SendAsync(HttpClient client, HttpMethod method, string path, string? key, byte[]? body = null)
    {
        var request = Wire.Request(method, path, key);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        // On the in-memory transport a fault inside the fake surfaces here as an exception: that fails the test too.
        return await Wire.SendAsync(client, request, TestContext.Current.CancellationToken);
    }

    private static void AssertDocumentedError(Exchange exchange, int status)
    {
        Assert.True(exchange.Status == status, $"expected {status}, got {exchange}");
        Contract.AssertConforms(exchange, Contract.Endpoint.Other, "error");
        Assert.DoesNotContain("StackTrace", exchange.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task A_lone_surrogate_escape_in_a_field_is_400_not_a_crash(FakeTransport transport)
    {
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;

        var exchange = await SendAsync(client, HttpMethod.Post, "inboxes", "dl_your_api_key_here", Encoding.UTF8.GetBytes("""{"emailAddress": "a@gmail.com", "imapPassword": "\ud800"}"""));

        AssertDocumentedError(exchange, 400);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task An_unauthenticated_body_with_a_lone_surrogate_is_still_401(FakeTransport transport)
    {
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;

        var exchange = await SendAsync(client, HttpMethod.Post, "inboxes", "dl_not_a_key", Encoding.UTF8.GetBytes("""{"imapUsername": "\ud800"}"""));

        AssertDocumentedError(exchange, 401);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Invalid_utf8_in_a_value_is_400_not_500(FakeTransport transport)
    {
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;
        byte[] body = [.. "{\"emailAddress\":\"a"u8, 0xFF, 0xFE, .. "@gmail.com\",\"imapPassword\":\"pw\"}"u8];

        var exchange = await SendAsync(client, HttpMethod.Post, "inboxes", "dl_your_api_key_here", body);

        AssertDocumentedError(exchange, 400);
        Assert.DoesNotContain(fake.Inboxes, i => i.EmailAddress.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Invalid_utf8_in_a_property_name_is_400_not_a_crash(FakeTransport transport)
    {
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;
        byte[] body = [.. "{\"email"u8, 0xC3, 0x28, .. "Address\":\"a@gmail.com\",\"imapPassword\":\"pw\"}"u8];

        var exchange = await SendAsync(client, HttpMethod.Post, "inboxes", "dl_your_api_key_here", body);

        AssertDocumentedError(exchange, 400);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory, "pools?=")]
    [InlineData(FakeTransport.WireMock, "pools?=")]
    [InlineData(FakeTransport.InMemory, "inboxes?limit=1&=")]
    [InlineData(FakeTransport.WireMock, "inboxes?limit=1&=")]
    public async Task A_query_parameter_with_an_empty_name_is_ignored_with_a_warning_not_500(FakeTransport transport, string path)
    {
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;

        var exchange = await SendAsync(client, HttpMethod.Get, path, "dl_your_api_key_here");

        Assert.Equal(200, exchange.Status);
        Assert.Contains(exchange.Headers, h => h.Key == "X-DeepLead-Fake-Warning" && h.Value.Contains("ignored query parameter \"\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(FakeTransport.InMemory, "pools?=")]
    [InlineData(FakeTransport.WireMock, "pools?=")]
    [InlineData(FakeTransport.InMemory, "inboxes?limit=1&=")]
    [InlineData(FakeTransport.WireMock, "inboxes?limit=1&=")]
    public async Task A_query_parameter_with_an_empty_name_is_400_not_500_in_strict_mode(FakeTransport transport, string path)
    {
        var (fake, client) = await StartAsync(transport, strict: true);
        await using var _ = fake;
        using var __ = client;

        var exchange = await SendAsync(client, HttpMethod.Get, path, "dl_your_api_key_here");

        AssertDocumentedError(exchange, 400);
    }

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public async Task Every_invalid_field_is_reported_at_once_including_the_hosts_a_custom_domain_needs(FakeTransport transport)
    {
        // README: "every invalid field is reported at once" and, with neither a known provider nor a detected domain,
        // "all four of imapHost, imapPort, smtpHost, smtpPort are required (each missing one is a detail)".
        var (fake, client) = await StartAsync(transport);
        await using var _ = fake;
        using var __ = client;

        var exchange = await SendAsync(client, HttpMethod.Post, "inboxes", "dl_your_api_key_here", Encoding.UTF8.GetBytes("""{"emailAddress": "a@acme.example", "imapPassword": "pw", "dailySendingLimit": 0}"""));

        AssertDocumentedError(exchange, 400);
        var fields = exchange.Json().GetProperty("details").EnumerateArray().Select(d => d.GetProperty("field").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["dailySendingLimit", "imapHost", "imapPort", "smtpHost", "smtpPort"], fields);
    }
}
