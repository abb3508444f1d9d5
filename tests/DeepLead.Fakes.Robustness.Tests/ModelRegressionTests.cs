using DeepLead.Fakes.Robustness.Tests.Model;
using static DeepLead.Fakes.Robustness.Tests.Model.ModelCheck;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>Counterexamples CsCheck shrank, kept as fixed sequences replayed against the fake and the model on both transports.</summary>
public sealed class ModelRegressionTests(SharedFakes fakes) : IClassFixture<SharedFakes>
{
    /// <summary>
    /// Shrunk from the first model-based run (seed bzj9Qpr1Yoi1): a repeated <c>limit</c> whose first value is also invalid
    /// is 400 naming <c>limit</c> (the model had wrongly dropped it).
    /// </summary>
    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public void A_repeated_limit_with_an_invalid_value_is_400_naming_limit(FakeTransport transport) =>
        Replay(fakes.Fake(transport), fakes.Client(transport),
            new ListInboxes(new ListSpec(PoolFilterKind.None, 0, null, "abc", null, "limit=1")));

    /// <summary>
    /// Written from what the concurrency harness ran into (not a fake bug): ids start over after a reset, so a pool
    /// auto-created afterwards gets the id an earlier one had; it must still hold only its own inbox.
    /// </summary>
    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public void A_pool_auto_created_after_a_reset_is_new_and_lists_only_its_own_inbox(FakeTransport transport) =>
        Replay(fakes.Fake(transport), fakes.Client(transport),
            new CreateSingle(Item(("emailAddress", "\"b@gmail.com\""), ("imapPassword", "\"pw-1\""))),
            new ListPools(),
            new ListInboxes(new ListSpec(PoolFilterKind.Ref, 3, null, null, null, null)),
            new ResetAccount(),
            new CreateSingle(Item(("emailAddress", "\"B@gmail.com\""), ("imapPassword", "\"pw-2\""), ("provider", "\"google\""))),
            new ListPools(),
            new ListInboxes(new ListSpec(PoolFilterKind.Ref, 3, null, null, null, null)));

    /// <summary>Hand-written edge of the duplicate rule: the first occurrence fails (unknown pool), a later one in another case wins.</summary>
    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public void In_a_batch_the_first_occurrence_that_can_be_created_wins(FakeTransport transport) =>
        Replay(fakes.Fake(transport), fakes.Client(transport),
            new CreateBatch([
                Item(("emailAddress", "\"x.y@gmail.com\""), ("imapPassword", "\"pw-1\""), ("poolId", "\"" + ModelWorld.UnknownPoolId + "\"")),
                Item(("emailAddress", "\"X.Y@gmail.com\""), ("imapPassword", "\"pw-2\"")),
                Item(("emailAddress", "\"x.y@GMAIL.com\""), ("imapPassword", "\"pw-3\""), ("poolId", "pool[1]")),
            ]),
            new ListPools());
}
