namespace DeepLead.Fakes.Storage;

/// <summary>The initial state a store starts from and returns to on reset. Already validated.</summary>
internal sealed record StoreSeed(IReadOnlyList<PoolRecord> Pools, IReadOnlyList<InboxRecord> Inboxes, int Seed, uint IdCounterAfterSeeding)
{
    public static StoreSeed Empty(int seed) => new([], [], seed, new ObjectIdGenerator(seed).Counter);
}
