namespace DeepLead.Fakes.Storage;

/// <summary>The initial state a store starts from and returns to on reset. Already validated; inboxes in list order.</summary>
internal sealed record StoreSeed(IReadOnlyList<PoolRecord> Pools, IReadOnlyList<FakeInbox> Inboxes, int Seed, uint IdCounterAfterSeeding)
{
    /// <summary>Which addresses collide (409).</summary>
    public EmailUniqueness Uniqueness { get; init; }
}
