using System.Text;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Verify;

/// <summary>
/// Verification over the journal: counts, order, no other calls, every rule used. Each failure message is held in
/// <c>Verify/golden-verification.txt</c>, so what a user reads when a test fails changes only on purpose.
/// </summary>
public sealed class VerificationTests
{
    private static async Task<DeepLeadFake> StartWithCallsAsync()
    {
        var fake = await StartAsync(o =>
        {
            o.Rules.Add(FakeRule.On("GET", "/pools").WhereQuery("outage", "1").RespondWith(503).Times(2).Named("outage"));
            o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@broken.example").FailConnectionTest("IMAP login failed"));
            o.Rules.Add(FakeRule.On("GET", "/inboxes").DelayBy(TimeSpan.FromMilliseconds(1)).Named("slow list"));
        }, FakeTransport.InMemory);
        using var client = fake.CreateClient();
        (await client.GetAsync("pools", Ct)).Dispose();
        (await client.PostJsonAsync("inboxes", """{"emailAddress":"kim@gmail.com","imapPassword":"secret"}""")).Dispose();
        (await client.PostJsonAsync("inboxes", """{"emailAddress":"KIM@gmail.com","imapPassword":"secret"}""")).Dispose();
        (await client.PostJsonAsync("inboxes", """[{"emailAddress":"lee@gmail.com","imapPassword":"secret"},{"emailAddress":"max@gmail.com","imapPassword":"secret","dailySendingLimit":5}]""")).Dispose();
        (await client.GetAsync("pools?outage=1", Ct)).Dispose();
        return fake;
    }

    private static string Failure(Action verify) => Assert.Throws<FakeVerificationException>(verify).Message;

    [Fact]
    public async Task Failure_messages_show_counts_order_other_calls_and_unused_rules_as_recorded()
    {
        await using var fake = await StartWithCallsAsync();
        var journal = fake.Journal;
        var text = new StringBuilder();
        void Record(string title, Action verify) => text.Append("== ").Append(title).Append('\n').Append(Failure(verify)).Append("\n\n");

        Record("count: none matched, near misses by field and status", () => journal.Verify(
            new FakeCallMatch("POST", "/inboxes") { Fields = { ["emailAddress"] = "kim@gmial.com" }, Status = 200 }));
        Record("count: too many", () => journal.Verify(new FakeCallMatch("POST", "/inboxes"), times: 1));
        Record("count: too few, by query", () => journal.Verify(new FakeCallMatch("GET", "/pools") { Query = { ["outage"] = "1" } }, times: 2));
        Record("count: a batch item's field", () => journal.Verify(new FakeCallMatch("POST", "/inboxes") { Fields = { ["emailAddress"] = "max@gmail.com", ["dailySendingLimit"] = "50" } }));
        Record("count: wrong key and path", () => journal.Verify(new FakeCallMatch("GET", "/pool") { ApiKey = "dl_someone_else_key_0001" }));
        Record("order", () => journal.VerifyInOrder(
            new FakeCallMatch("GET", "/pools") { Status = 503 },
            new FakeCallMatch("POST", "/inboxes") { Status = 200 }));
        Record("no other calls", () =>
        {
            journal.Verify(new FakeCallMatch("GET", "/pools") { Status = 200 }, times: 1);
            journal.Verify(new FakeCallMatch("POST", "/inboxes") { Status = 409 }, times: 1);
            journal.VerifyNoOtherCalls();
        });
        Record("unused rules", fake.VerifyAllRulesUsed);

        await GoldenFile.AssertMatchesAsync(text.ToString(), "Verify", "golden-verification.txt");
    }

    [Fact]
    public async Task Passing_verifications_return_the_matching_calls_and_mark_them_verified()
    {
        await using var fake = await StartWithCallsAsync();
        var journal = fake.Journal;
        var created = journal.Verify(new FakeCallMatch("post", "/api/v1/inboxes") { Fields = { ["emailAddress"] = "lee@gmail.com" }, Status = 200 }, times: 1);
        Assert.Equal(4, Assert.Single(created).Sequence);
        journal.Verify(new FakeCallMatch("POST", "/inboxes") { Fields = { ["emailAddress"] = "nobody@gmail.com" } }, times: 0);
        journal.VerifyInOrder(new FakeCallMatch("GET", "/pools"), new FakeCallMatch("POST", "/inboxes"), new FakeCallMatch("GET", "/pools") { Status = 503 });
        journal.Verify(new FakeCallMatch("POST", "/inboxes"), times: 3);
        journal.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Every_rule_used_passes_once_each_rule_fired_and_fails_again_after_a_reset()
    {
        await using var fake = await StartWithCallsAsync();
        using var client = fake.CreateClient();
        (await client.GetAsync("inboxes", Ct)).Dispose();
        (await client.PostJsonAsync("inboxes", """{"emailAddress":"a@broken.example","imapPassword":"p","imapHost":"imap.broken.example","imapPort":993,"smtpHost":"smtp.broken.example","smtpPort":465}""")).Dispose();
        fake.VerifyAllRulesUsed();
        fake.Reset();
        Assert.Contains("3 of 3 never fired", Failure(fake.VerifyAllRulesUsed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_field_cannot_be_verified_because_the_journal_masks_it()
    {
        var journal = new FakeJournal(new DeepLead.Fakes.Journal.CallJournal(10), new DeepLead.Fakes.Outcomes.CallSequence(), null);
        var error = Assert.Throws<ArgumentException>(() => journal.Verify(new FakeCallMatch("POST", "/inboxes") { Fields = { ["imapPassword"] = "hunter2" } }));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_verifies_its_own_calls_only()
    {
        await using var fake = await StartWithCallsAsync();
        using var tenant = fake.CreateTenant();
        using var client = tenant.CreateClient();
        (await client.GetAsync("pools", Ct)).Dispose();
        tenant.Journal.Verify(new FakeCallMatch("GET", "/pools"), times: 1);
        tenant.Journal.VerifyNoOtherCalls();
        Assert.Contains("of 1 kept", Failure(() => tenant.Journal.Verify(new FakeCallMatch("POST", "/inboxes"))), StringComparison.Ordinal);
    }
}
