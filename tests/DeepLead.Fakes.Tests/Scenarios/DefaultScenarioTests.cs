using System.Net;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>The documentation's own examples, verbatim, against a fresh default scenario.</summary>
public abstract class DefaultScenarioTests : BehaviourTests
{
    private Task<DeepLeadFake> StartDefaultAsync() => StartBareAsync(new DeepLeadFakeOptions().AddScenarioFile(ScenarioPath("default")));

    [Fact]
    public async Task Has_the_documented_pool_with_ten_inboxes_and_both_keys()
    {
        await using var fake = await StartDefaultAsync();

        Assert.Equal("dl_your_api_key_here", fake.ApiKey);
        var pool = Assert.Single(fake.Pools);
        Assert.Equal(("507f1f77bcf86cd799439011", "Main Pool", 10, DateTimeOffset.Parse("2024-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture)), (pool.Id, pool.Name, pool.InboxCount, pool.CreatedAt));
        Assert.DoesNotContain(fake.Inboxes, i => i.EmailAddress is "sales@company.com" or "inbox1@gmail.com" or "inbox2@gmail.com");
        using var readOnly = Validated(fake, "dl_read_only_key");
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("inboxes", Ct)).StatusCode);
        await (await readOnly.PostJsonAsync("inboxes", Single("x@gmail.com"))).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_documented_single_create_with_a_pool_succeeds_verbatim()
    {
        await using var fake = await StartDefaultAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            {
            "emailAddress": "sales@company.com",
            "poolId": "507f1f77bcf86cd799439011",
            "imapPassword": "app-password-here",
            "provider": "google",
            "dailySendingLimit": 50
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11, fake.Pools.Single().InboxCount);
    }

    [Fact]
    public async Task The_documented_create_without_a_pool_auto_creates_the_documented_pool_name()
    {
        await using var fake = await StartDefaultAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            {
            "emailAddress": "sales@company.com",
            "imapPassword": "app-password-here",
            "provider": "google"
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("API Pool - 2024-01-15", body.GetProperty("autoCreatedPool").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_documented_batch_succeeds_verbatim()
    {
        await using var fake = await StartDefaultAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            [
            {
            "emailAddress": "inbox1@gmail.com",
            "imapPassword": "password1"
            },
            {
            "emailAddress": "inbox2@gmail.com",
            "imapPassword": "password2"
            }
            ]
            """);

        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(2, body.GetProperty("summary").GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task The_documented_custom_domain_example_succeeds_verbatim()
    {
        await using var fake = await StartDefaultAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """
            {
            "emailAddress": "user@customdomain.com",
            "poolId": "507f1f77bcf86cd799439011",
            "imapUsername": "user@customdomain.com",
            "imapPassword": "password",
            "imapHost": "mail.customdomain.com",
            "imapPort": 993,
            "smtpUsername": "user@customdomain.com",
            "smtpPassword": "password",
            "smtpHost": "smtp.customdomain.com",
            "smtpPort": 587
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Two_stubs_from_the_same_file_answer_byte_for_byte_alike()
    {
        await using var first = await StartDefaultAsync();
        await using var second = await StartDefaultAsync();
        using var a = Validated(first);
        using var b = Validated(second);

        var create = Single("new@gmail.com");
        Assert.Equal(
            await (await a.PostJsonAsync("inboxes", create)).Content.ReadAsStringAsync(Ct),
            await (await b.PostJsonAsync("inboxes", create)).Content.ReadAsStringAsync(Ct));
        Assert.Equal(
            await a.GetStringAsync("inboxes?status=active", Ct),
            await b.GetStringAsync("inboxes?status=active", Ct));
    }
}

public sealed class DefaultScenarioTestsOverWireMock : DefaultScenarioTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class DefaultScenarioTestsInMemory : DefaultScenarioTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
