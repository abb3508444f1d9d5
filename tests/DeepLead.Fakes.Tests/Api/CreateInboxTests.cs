using System.Net;
using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Api;

public abstract class CreateInboxTests : BehaviourTests
{
    [Fact]
    public async Task Creates_one_inbox_in_a_given_pool_with_the_documented_result()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("sales@company.com", $"\"poolId\": \"{PoolId}\", \"provider\": \"google\", \"dailySendingLimit\": 50"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["success", "summary", "results"], body.PropertyNames());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(1, body.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(1, body.GetProperty("summary").GetProperty("created").GetInt32());
        Assert.Equal(0, body.GetProperty("summary").GetProperty("failed").GetInt32());
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal(["emailAddress", "success", "inboxId", "autoFilledFields"], result.PropertyNames());
        Assert.Equal(["imapHost", "imapPort", "smtpHost", "smtpPort"], result.GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()));

        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal(result.GetProperty("inboxId").GetString(), inbox.Id);
        Assert.Matches("^[0-9a-f]{24}$", inbox.Id);
        Assert.Equal(PoolId, inbox.PoolId);
        Assert.Equal(InboxStatus.Active, inbox.Status);
        Assert.Equal(50, inbox.DailySendingLimit);
        Assert.Equal(Now.AddTicks(-(Now.Ticks % TimeSpan.TicksPerSecond)), inbox.CreatedAt);
        Assert.Equal("google", inbox.Provider);
        Assert.Equal(("imap.gmail.com", 993, "smtp.gmail.com", 587), (inbox.ImapHost, inbox.ImapPort, inbox.SmtpHost, inbox.SmtpPort));
    }

    [Fact]
    public async Task Applies_the_documented_defaults()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        await client.PostJsonAsync("inboxes", Single("ann@gmail.com", $"\"poolId\": \"{PoolId}\""));

        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal(2, inbox.DailySendingLimit);
        Assert.Equal("ann@gmail.com", inbox.ImapUsername);
        Assert.Equal("ann@gmail.com", inbox.SmtpUsername);
        Assert.True(inbox.HasImapPassword("secret-pw"));
        Assert.True(inbox.HasSmtpPassword("secret-pw"));
        Assert.False(inbox.HasImapPassword("other"));
    }

    [Fact]
    public async Task Keeps_given_settings_and_auto_fills_only_the_rest()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", Single("ann@gmail.com",
            "\"smtpPassword\": \"smtp-pw\", \"imapPort\": 1993, \"smtpHost\": \"relay.example.net\", \"imapUsername\": \"ann\", \"smtpUsername\": \"ann-smtp\""))).JsonAsync();

        Assert.Equal(["imapHost", "smtpPort"], body.GetProperty("results")[0].GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()));
        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal(("imap.gmail.com", 1993, "relay.example.net", 587), (inbox.ImapHost, inbox.ImapPort, inbox.SmtpHost, inbox.SmtpPort));
        Assert.Equal(("ann", "ann-smtp"), (inbox.ImapUsername, inbox.SmtpUsername));
        Assert.True(inbox.HasSmtpPassword("smtp-pw"));
        Assert.False(inbox.HasSmtpPassword("secret-pw"));
    }

    [Theory]
    [InlineData("a@gmail.com", "google", "imap.gmail.com", 993, "smtp.gmail.com", 587)]
    [InlineData("a@googlemail.com", "google", "imap.gmail.com", 993, "smtp.gmail.com", 587)]
    [InlineData("a@outlook.com", "microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587)]
    [InlineData("a@hotmail.com", "microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587)]
    [InlineData("a@live.com", "microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587)]
    [InlineData("a@yahoo.com", "yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465)]
    [InlineData("a@yahoo.co.uk", "yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465)]
    [InlineData("a@zoho.com", "zoho", "imap.zoho.com", 993, "smtp.zoho.com", 465)]
    [InlineData("a@zohomail.com", "zoho", "imap.zoho.com", 993, "smtp.zoho.com", 465)]
    [InlineData("a@icloud.com", "icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587)]
    [InlineData("a@me.com", "icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587)]
    [InlineData("a@mac.com", "icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587)]
    [InlineData("a@secureserver.net", "godaddy", "imap.secureserver.net", 993, "smtpout.secureserver.net", 465)]
    [InlineData("a@privateemail.com", "namecheap", "mail.privateemail.com", 993, "mail.privateemail.com", 465)]
    [InlineData("a@GMAIL.COM", "google", "imap.gmail.com", 993, "smtp.gmail.com", 587)]
    public async Task Detects_the_provider_from_every_documented_domain(string email, string provider, string imapHost, int imapPort, string smtpHost, int smtpPort)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single(email));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal((provider, imapHost, imapPort, smtpHost, smtpPort), (inbox.Provider, inbox.ImapHost, inbox.ImapPort, inbox.SmtpHost, inbox.SmtpPort));
    }

    [Theory]
    [InlineData("google", "imap.gmail.com")]
    [InlineData("microsoft", "outlook.office365.com")]
    [InlineData("yahoo", "imap.mail.yahoo.com")]
    [InlineData("zoho", "imap.zoho.com")]
    [InlineData("icloud", "imap.mail.me.com")]
    [InlineData("godaddy", "imap.secureserver.net")]
    [InlineData("namecheap", "mail.privateemail.com")]
    public async Task An_explicit_provider_configures_a_custom_domain(string provider, string imapHost)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("sales@yourcompany.com", $"\"provider\": \"{provider}\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((provider, imapHost), (fake.Inboxes[0].Provider, fake.Inboxes[0].ImapHost));
    }

    [Fact]
    public async Task A_custom_domain_with_full_connection_details_is_accepted_with_nothing_auto_filled()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", $$"""
            {
              "emailAddress": "user@customdomain.com",
              "poolId": "{{PoolId}}",
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
        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.False(result.TryGetProperty("autoFilledFields", out _));
        var inbox = Assert.Single(fake.Inboxes);
        Assert.Null(inbox.Provider);
        Assert.Equal(("mail.customdomain.com", 993, "smtp.customdomain.com", 587), (inbox.ImapHost, inbox.ImapPort, inbox.SmtpHost, inbox.SmtpPort));
    }

    [Fact]
    public async Task A_custom_domain_without_provider_or_hosts_is_400_naming_each_missing_setting()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("sales@company.com", "\"imapHost\": \"mail.company.com\""));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["imapPort", "smtpHost", "smtpPort"], error.DetailFields());
        Assert.Empty(fake.Inboxes);
        Assert.Single(fake.Pools);
    }

    [Fact]
    public async Task Without_a_pool_id_a_pool_is_auto_created_and_returned()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", Single("sales@company.com", "\"provider\": \"google\""))).JsonAsync();

        var autoCreated = body.GetProperty("autoCreatedPool");
        Assert.Equal(["id", "name"], autoCreated.PropertyNames());
        Assert.Equal("API Pool - 2025-03-04", autoCreated.GetProperty("name").GetString());
        var pool = fake.Pools.Single(p => p.Id == autoCreated.GetProperty("id").GetString());
        Assert.Equal(1, pool.InboxCount);
        Assert.Equal(pool.Id, fake.Inboxes.Single().PoolId);
    }

    [Fact]
    public async Task With_a_pool_id_no_pool_is_created_and_the_field_is_absent()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        var body = await (await client.PostJsonAsync("inboxes", Single("a@gmail.com", $"\"poolId\": \"{PoolId}\""))).JsonAsync();

        Assert.False(body.TryGetProperty("autoCreatedPool", out _));
        Assert.Single(fake.Pools);
    }

    [Fact]
    public async Task An_unknown_pool_is_404_and_creates_nothing()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"poolId\": \"aaaaaaaaaaaaaaaaaaaaaaaa\""));

        await response.AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty(fake.Inboxes);
        Assert.Single(fake.Pools);
    }

    [Theory]
    [InlineData("a@gmail.com")]
    [InlineData("A@Gmail.COM")]
    public async Task An_existing_address_is_409_ignoring_case(string again)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        await client.PostJsonAsync("inboxes", Single("a@gmail.com"));

        using var response = await client.PostJsonAsync("inboxes", Single(again));

        await response.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Single(fake.Inboxes);
        // The failed request's auto-created pool must not be left behind empty.
        Assert.Equal(2, fake.Pools.Count);
    }

    [Theory]
    [InlineData("{}", new[] { "emailAddress", "imapPassword" })]
    [InlineData("""{"emailAddress": "not-an-email", "imapPassword": "p"}""", new[] { "emailAddress" })]
    [InlineData("""{"emailAddress": "a@b", "imapPassword": "p"}""", new[] { "emailAddress" })]
    [InlineData("""{"emailAddress": "a b@gmail.com", "imapPassword": "p"}""", new[] { "emailAddress" })]
    [InlineData("""{"emailAddress": 42, "imapPassword": "p"}""", new[] { "emailAddress" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": ""}""", new[] { "imapPassword" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "provider": "aol"}""", new[] { "provider" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapPort": 0}""", new[] { "imapPort" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "smtpPort": 65536}""", new[] { "smtpPort" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "smtpPort": "587"}""", new[] { "smtpPort" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapPort": 993.5}""", new[] { "imapPort" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "dailySendingLimit": 0}""", new[] { "dailySendingLimit" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "dailySendingLimit": -5}""", new[] { "dailySendingLimit" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "skipConnectionTest": "yes"}""", new[] { "skipConnectionTest" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "123"}""", new[] { "poolId" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapHost": "not a host"}""", new[] { "imapHost" })]
    public async Task Invalid_input_is_400_with_a_detail_per_field(string json, string[] fields)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", json);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(fields, error.DetailFields());
        Assert.Empty(fake.Inboxes);
    }

    [Theory]
    [InlineData("50.0")]
    [InlineData("5e1")]
    [InlineData("5.0E+1")]
    public async Task Integral_numbers_in_any_json_spelling_are_integers(string fifty)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", $"\"dailySendingLimit\": {fifty}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50, fake.Inboxes.Single().DailySendingLimit);
    }

    [Fact]
    public async Task A_rejected_password_is_never_echoed()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """{"emailAddress": "bad", "imapPassword": "hunter2-top-secret", "smtpPassword": "smtp-top-secret"}""");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("top-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_nulls_count_as_not_given()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": null, "provider": null, "dailySendingLimit": null, "skipConnectionTest": null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, fake.Inboxes.Single().DailySendingLimit);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"emailAddress\": ")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_body_that_is_not_an_object_or_a_non_empty_array_is_400(string json)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", json);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_declared_json_is_400(string contentType)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostAsync("inboxes", new StringContent(Single("a@gmail.com"), System.Text.Encoding.UTF8, contentType), Ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Content-Type"], error.DetailFields());
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_400()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        var huge = new string('x', 1024 * 1024);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", $"\"smtpHost\": \"{huge}\""));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["body"], error.DetailFields());
    }

    [Fact]
    public async Task Query_parameters_on_create_are_400_in_strict_mode()
    {
        await using var fake = await StartAsync(o => o.UseStrictValidation());
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes?poolId=" + PoolId, Single("a@gmail.com"));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["poolId"], error.DetailFields());
        Assert.Empty(fake.Inboxes);
    }

    [Fact]
    public async Task Query_parameters_on_create_are_ignored_and_reported_by_default()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes?dryRun=true&poolId=" + PoolId, Single("a@gmail.com"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["ignored query parameter \"dryRun\" (not a parameter of this endpoint)", "ignored query parameter \"poolId\" (not a parameter of this endpoint)"],
            Warnings(response));
        // The query's poolId is not the body's: the inbox went to an auto-created pool.
        Assert.NotEqual(PoolId, Assert.Single(fake.Inboxes).PoolId);
    }

    [Theory]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "dailyLimit": 5}""", new[] { "dailyLimit" })]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "": 5}""", new[] { "item" })]
    public async Task Unknown_fields_are_400_in_strict_mode(string json, string[] fields)
    {
        await using var fake = await StartAsync(o => o.UnknownFields = FakeLeniency.Reject);
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", json);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(fields, error.DetailFields());
        Assert.Empty(fake.Inboxes);
    }

    [Theory]
    [InlineData("\"tags\": null", "tags")]
    [InlineData("\"tags\": [\"a\"]", "tags")]
    [InlineData("\"quota\": 5", "quota")]
    [InlineData("\"\": {\"x\": 1}", "")]
    [InlineData("\"n\\u00e4me,\\\"x\\n\": 1", "n%C3%A4me%2C%22x%0A")]
    public async Task Unknown_fields_of_any_value_are_ignored_and_reported_by_default(string extra, string reported)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("dto@gmail.com", extra));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"ignored body field \"{reported}\" (not documented)"], Warnings(response));
        Assert.Equal("dto@gmail.com", Assert.Single(fake.Inboxes).EmailAddress);
        var call = fake.Journal.Calls.Last();
        Assert.Equal(Warnings(response), call.Warnings);
    }

    [Theory]
    [InlineData("Google")]
    [InlineData("GOOGLE")]
    public async Task A_provider_value_in_another_case_is_the_provider(string provider)
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@company.example", $"\"provider\": \"{provider}\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbox = Assert.Single(fake.Inboxes);
        Assert.Equal("google", inbox.Provider);
        Assert.Equal("imap.gmail.com", inbox.ImapHost);
    }

    [Theory]
    [InlineData("nl2@gmail.com\\n")]
    [InlineData("nl2@gmail.com\\r\\n")]
    [InlineData("nl2\\u200b@gmail.com")]
    [InlineData("nl2@gmail.com\\u200b")]
    [InlineData("\\ufeffnl2@gmail.com")]
    [InlineData("n\\u0000l2@gmail.com")]
    [InlineData("n\\u007fl2@gmail.com")]
    public async Task An_address_with_a_trailing_newline_or_an_invisible_character_is_400(string email)
    {
        await using var fake = await StartAsync(o => o.Inboxes.Add(new InboxDefinition { EmailAddress = "nl2@gmail.com", PoolId = PoolId }));
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single(email));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["emailAddress"], error.DetailFields());
        Assert.Single(fake.Inboxes);
    }

    [Fact]
    public async Task A_daily_sending_limit_beyond_32_bits_states_the_limit_kept()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", Single("a@gmail.com", "\"dailySendingLimit\": 2147483648"));

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("must be from 1 to 2147483647", error.GetProperty("details")[0].GetProperty("message").GetString());
    }
}

public sealed class CreateInboxTestsOverWireMock : CreateInboxTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class CreateInboxTestsInMemory : CreateInboxTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
