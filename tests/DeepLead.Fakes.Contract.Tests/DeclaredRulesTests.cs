using System.Net;
using System.Text.Json.Nodes;
using DeepLead.Fakes.Contract.Tests.Support;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>
/// Every rule the fake enforces on a create request is declared in the OpenAPI document, so a client generator or a
/// schema-driven tester knows it: for each body the fake and the document's request schema agree, on both sides of
/// every edge (whitespace-only strings, the 1,024-character limit, host-name syntax, 2³¹−1, the connection fields an
/// unknown domain needs).
/// </summary>
public sealed class DeclaredRulesTests
{
    private static int _sequence;

    /// <summary>A body built on a fresh gmail address (so no 409), with the given fields replacing or removing (null) the defaults.</summary>
    private static string Body(params (string Name, JsonNode? Value)[] fields)
    {
        var body = new JsonObject
        {
            ["emailAddress"] = $"declared-{Interlocked.Increment(ref _sequence)}@gmail.com",
            ["imapPassword"] = "app-password",
        };
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                body.Remove(name);
            }
            else
            {
                body[name] = value;
            }
        }
        return body.ToJsonString();
    }

    private static string Email(string domain) => $"declared-{Interlocked.Increment(ref _sequence)}@{domain}";

    public static TheoryData<string, string, bool> Bodies() => new()
    {
        { "defaults", Body(), true },
        { "whitespace-only password", Body(("imapPassword", " \t ")), false },
        { "whitespace-only username", Body(("imapUsername", "   ")), false },
        { "username of 1,024 characters", Body(("imapUsername", new string('u', 1024))), true },
        { "username of 1,025 characters", Body(("imapUsername", new string('u', 1025))), false },
        { "password of 1,025 characters", Body(("smtpPassword", new string('p', 1025))), false },
        { "host name", Body(("imapHost", "imap.example-mail.com")), true },
        { "host with a space", Body(("imapHost", "imap example.com")), false },
        { "host with a trailing dot and dash", Body(("smtpHost", "smtp-.example.com.")), false },
        { "host of 254 characters", Body(("smtpHost", string.Join('.', Enumerable.Repeat(new string('h', 50), 5)) + ".hhh")), false },
        { "daily limit 2^31-1", Body(("dailySendingLimit", int.MaxValue)), true },
        { "daily limit 2^31", Body(("dailySendingLimit", 2147483648L)), false },
        { "pool id in capitals", Body(("poolId", DocumentedPoolId.ToUpperInvariant())), true },
        { "pool id null", Body(("poolId", JsonValue.Create((string?)null))), true },
        { "pool id too short", Body(("poolId", "507f1f77")), false },
        { "email of 255 characters", Body(("emailAddress", new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".example.com")), false },
        { "known domain in capitals, no hosts", Body(("emailAddress", Email("GMail.COM"))), true },
        { "unknown domain, no hosts", Body(("emailAddress", Email("customdomain.com"))), false },
        { "unknown domain, three of four connection fields", Body(("emailAddress", Email("customdomain.com")), ("imapHost", "mail.customdomain.com"), ("imapPort", 993), ("smtpHost", "smtp.customdomain.com")), false },
        { "unknown domain, port null", Body(("emailAddress", Email("customdomain.com")), ("imapHost", "mail.customdomain.com"), ("imapPort", 993), ("smtpHost", "smtp.customdomain.com"), ("smtpPort", JsonValue.Create((int?)null))), false },
        { "unknown domain, all four connection fields", Body(("emailAddress", Email("customdomain.com")), ("imapHost", "mail.customdomain.com"), ("imapPort", 993), ("smtpHost", "smtp.customdomain.com"), ("smtpPort", 587)), true },
        { "unknown domain with a provider", Body(("emailAddress", Email("customdomain.com")), ("provider", "zoho")), true },
        { "unknown domain, provider null", Body(("emailAddress", Email("customdomain.com")), ("provider", JsonValue.Create((string?)null))), false },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task The_fake_and_the_documents_request_schema_agree(string rule, string body, bool accepted)
    {
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var response = await client.PostJsonAsync("inboxes", body);
        var declared = DeepLeadContract.Default.ValidateRequestBody("POST", "/api/v1/inboxes", body);

        Assert.True(accepted == (response.StatusCode == HttpStatusCode.OK),
            $"{rule}: the fake answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.True(accepted == declared.IsValid, $"{rule}: the document says {declared}");
    }

    [Theory]
    [InlineData("2147483648", HttpStatusCode.OK)]
    [InlineData("9223372036854775807", HttpStatusCode.OK)]
    [InlineData("9223372036854775808", HttpStatusCode.BadRequest)]
    public async Task Skip_is_limited_to_2_63_minus_1_as_declared(string skip, HttpStatusCode expected)
    {
        // A skip past the end is an empty page, however large (docs/behaviour.md); the limit is the integer's own.
        var declared = DeepLeadContract.Default.Document["components"]!["parameters"]!["Skip"]!["schema"]!["maximum"]!.GetValue<long>();
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var response = await client.GetAsync("inboxes?skip=" + skip, Ct);

        Assert.Equal(long.MaxValue, declared);
        Assert.Equal(expected, response.StatusCode);
    }
}
