namespace DeepLead.Fakes.Xunit.Tests;

[CollectionDefinition(Name)]
public sealed class DeepLeadCollection : ICollectionFixture<CollectionFake>
{
    public const string Name = "DeepLead collection";
}

[Collection(DeepLeadCollection.Name)]
public sealed class FirstCollectionMember(CollectionFake fixture)
{
    [Fact]
    public void Shares_the_collections_one_fake()
    {
        CollectionInstances.Seen(fixture);
        Assert.Equal(1, CollectionFake.Starts);
        Assert.Single(CollectionInstances.All);
        Assert.NotEmpty(fixture.Fake.Inboxes);
    }
}

[Collection(DeepLeadCollection.Name)]
public sealed class SecondCollectionMember(CollectionFake fixture)
{
    [Fact]
    public void Shares_the_collections_one_fake()
    {
        CollectionInstances.Seen(fixture);
        Assert.Equal(1, CollectionFake.Starts);
        Assert.Single(CollectionInstances.All);
        Assert.Equal("Main Pool", Assert.Single(fixture.Fake.Pools).Name);
    }
}

internal static class CollectionInstances
{
    private static readonly HashSet<CollectionFake> Instances = [];

    public static IReadOnlyCollection<CollectionFake> All
    {
        get
        {
            lock (Instances)
            {
                return [.. Instances];
            }
        }
    }

    public static void Seen(CollectionFake fixture)
    {
        lock (Instances)
        {
            Instances.Add(fixture);
        }
    }
}
