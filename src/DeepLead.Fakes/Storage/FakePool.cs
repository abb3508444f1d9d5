namespace DeepLead.Fakes;

/// <summary>A pool as the fake holds it now.</summary>
public sealed record FakePool
{
    internal FakePool(string id, string name, int inboxCount, DateTimeOffset createdAt) =>
        (Id, Name, InboxCount, CreatedAt) = (id, name, inboxCount, createdAt);

    public string Id { get; }
    public string Name { get; }
    public int InboxCount { get; }
    public DateTimeOffset CreatedAt { get; }
}
