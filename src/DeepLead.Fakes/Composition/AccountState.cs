using DeepLead.Fakes.Pipeline;
namespace DeepLead.Fakes.Composition;

/// <summary>State inspection snapshots, shared by the fake and its tenants.</summary>
internal static class AccountState
{
    public static IReadOnlyList<FakePool> Pools(Account account) => account.Store.Read(PoolsOf);

    public static IReadOnlyList<FakeInbox> Inboxes(Account account) => account.Store.Read(reader =>
        reader.InboxesInOrder().ToList());

    /// <summary>Pools and inboxes read under one lock: the pools' inbox counts and the inboxes agree.</summary>
    public static (IReadOnlyList<FakePool> Pools, IReadOnlyList<FakeInbox> Inboxes) Both(Account account) => account.Store.Read(reader =>
        (PoolsOf(reader), (IReadOnlyList<FakeInbox>)reader.InboxesInOrder().ToList()));

    private static IReadOnlyList<FakePool> PoolsOf(Storage.FakeStore.Reader reader) =>
        reader.PoolsInOrder().Select(p => new FakePool(p.Pool.Id, p.Pool.Name, p.InboxCount, p.Pool.CreatedAt)).ToList();
}
