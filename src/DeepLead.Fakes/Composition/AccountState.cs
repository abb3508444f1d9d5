using DeepLead.Fakes.Pipeline;
namespace DeepLead.Fakes.Composition;

/// <summary>State inspection snapshots, shared by the fake and its tenants.</summary>
internal static class AccountState
{
    public static IReadOnlyList<FakePool> Pools(Account account) => account.Store.Read(reader =>
        reader.PoolsInOrder().Select(p => new FakePool(p.Pool.Id, p.Pool.Name, p.InboxCount, p.Pool.CreatedAt)).ToList());

    public static IReadOnlyList<FakeInbox> Inboxes(Account account) => account.Store.Read(reader =>
        reader.InboxesInOrder().ToList());
}
