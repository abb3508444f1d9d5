namespace DeepLead.Fakes;

/// <summary>A pool as the fake holds it now.</summary>
public sealed record FakePool(string Id, string Name, int InboxCount, DateTimeOffset CreatedAt);
