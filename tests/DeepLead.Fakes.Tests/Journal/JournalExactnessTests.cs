using System.Net;
using System.Runtime.CompilerServices;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Journal;

/// <summary>
/// The journal is what a test asserts on, so it must never say "nothing happened" when something did: typed create
/// items whatever the response's size, forced items attributed, abandoned calls kept, disposed tenants released.
/// </summary>
public abstract class JournalExactnessTests : BehaviourTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(27)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task Created_inboxes_and_failed_items_are_exact_for_a_batch_of(int size)
    {
        // 100 is the default batch limit; a larger one is allowed here so a batch of any size is checked.
        await using var fake = await StartAsync(o => o.MaxBatchSize = 1000);
        using var client = Validated(fake);
        var items = Enumerable.Range(0, size).Select(i => i % 5 == 4
            ? $$"""{"emailAddress": "bad{{i}}", "imapPassword": "p"}"""
            : $$"""{"emailAddress": "exact{{i}}@gmail.com", "imapPassword": "p", "poolId": "{{PoolId}}"}""");

        using var response = await client.PostJsonAsync("inboxes", "[" + string.Join(",", items) + "]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expectedCreated = Enumerable.Range(0, size).Where(i => i % 5 != 4).Select(i => $"exact{i}@gmail.com").ToList();
        var expectedFailed = Enumerable.Range(0, size).Where(i => i % 5 == 4).Select(i => $"bad{i}").ToList();
        Assert.Equal(expectedCreated, fake.Journal.CreatedInboxes.Select(c => c.EmailAddress));
        Assert.Equal(expectedFailed, fake.Journal.FailedItems.Select(f => f.EmailAddress));
        Assert.All(fake.Journal.CreatedInboxes, c => Assert.Equal(PoolId, c.PoolId));
        Assert.Equal(
            fake.Inboxes.Where(i => i.EmailAddress.StartsWith("exact", StringComparison.Ordinal)).Select(i => i.Id).Order(StringComparer.Ordinal),
            fake.Journal.CreatedInboxes.Select(c => c.InboxId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_item_failed_by_a_rule_is_attributed_in_the_journal_its_forced_calls_and_the_log()
    {
        var log = new ListLogger();
        await using var fake = await StartAsync(o =>
        {
            o.Logger = log;
            o.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "b@*").FailItem(503, "Mailbox provider unavailable").Named("b-fails"));
        });
        using var client = Validated(fake);

        using var response = await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com", "imapPassword": "p"}, {"emailAddress": "b@gmail.com", "imapPassword": "p"}]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(fake.Journal.Calls);
        Assert.Equal("b-fails", call.ForcedBy);
        Assert.Same(call, Assert.Single(fake.Journal.ForcedCalls));
        var failed = Assert.Single(fake.Journal.FailedItems);
        Assert.Equal(("b@gmail.com", "Mailbox provider unavailable", "b-fails"), (failed.EmailAddress, failed.Error, failed.ForcedBy));
        Assert.Equal(["a@gmail.com"], fake.Journal.CreatedInboxes.Select(c => c.EmailAddress));
        Assert.Contains(log.Lines, l => l.StartsWith("POST /api/v1/inboxes -> 200", StringComparison.Ordinal) && l.Contains("(forced by b-fails)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_the_client_abandons_during_a_delay_rule_is_journaled_as_abandoned()
    {
        var clock = new SignallingTimeProvider();
        await using var fake = await StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.Rules.Add(FakeRule.On("GET", "/pools").DelayBy(TimeSpan.FromMinutes(4)).Times(1).Named("slow-pools"));
        });
        using var client = Validated(fake);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.GetAsync("pools", abandon.Token);
        await clock.DelayStarted.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var journaled = await WaitForAsync(() => fake.Journal.Calls.SingleOrDefault());
        Assert.True(journaled.Abandoned);
        Assert.Equal((FakeCall.AbandonedStatus, "slow-pools", (string?)null), (journaled.Status, journaled.ForcedBy, journaled.ResponseBody));
        Assert.Equal(1, journaled.Sequence);
        // The next call (the rule was for one call) follows with no gap in the sequence numbers.
        using var next = await client.GetAsync("pools", Ct);
        Assert.Equal([1L, 2L], fake.Journal.Calls.Select(c => c.Sequence));
    }

    [Fact]
    public async Task Clear_and_calls_since_a_sequence_number_match_the_admin_api()
    {
        await using var fake = await StartAsync();
        using var client = Validated(fake);
        var tenant = fake.CreateTenant();
        using var tenantClient = Validated(tenant);

        await client.GetAsync("pools", Ct);
        var mark = fake.Journal.LastSequence;
        await client.GetAsync("inboxes", Ct);
        await tenantClient.GetAsync("pools", Ct);

        Assert.Equal(1, mark);
        Assert.Equal(["/api/v1/inboxes", "/api/v1/pools"], fake.Journal.CallsSince(mark).Select(c => c.Path));
        Assert.Equal([3L], tenant.Journal.CallsSince(mark).Select(c => c.Sequence));

        tenant.Journal.Clear();
        Assert.Empty(tenant.Journal.Calls);
        Assert.Equal([1L, 2L], fake.Journal.Calls.Select(c => c.Sequence));

        fake.Journal.Clear();
        Assert.Empty(fake.Journal.Calls);
        await client.GetAsync("pools", Ct);
        Assert.Equal([4L], fake.Journal.Calls.Select(c => c.Sequence));
    }

    [Fact]
    public async Task A_disposed_tenants_state_can_be_collected()
    {
        await using var fake = await StartAsync(o => o.Generate = new DataGeneration { Pools = 2, InboxesPerPool = 500 });

        var account = await UseAndDisposeTenantAsync(fake);
        // This continuation ran inline inside the helper's frame, whose stack may still hold the tenant: leave it first.
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(account.IsAlive, "a disposed tenant's account (its store and rules) is still reachable");
        Assert.NotEmpty(fake.Journal.Calls);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> UseAndDisposeTenantAsync(DeepLeadFake fake)
    {
        var tenant = fake.CreateTenant();
        using (var client = Validated(tenant))
        {
            (await client.PostJsonAsync("inboxes", Single("gone@gmail.com"))).Dispose();
            (await client.GetAsync("inboxes?limit=100", Ct)).Dispose();
        }
        var account = new WeakReference(tenant.Account);
        tenant.Dispose();
        return account;
    }
}

public sealed class JournalExactnessTestsOverWireMock : JournalExactnessTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class JournalExactnessTestsInMemory : JournalExactnessTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
