using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Tests.Storage;

public sealed class SortedInboxIndexTests
{
    private static readonly ConnectionSettings Connection = new(null, "imap.example.com", 993, "smtp.example.com", 587, null, null, null, null, false);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000)]
    public void The_keyed_sort_gives_the_index_order_with_equal_times_ordered_by_id(int count)
    {
        var random = new Random(count);
        var start = new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);
        // Few distinct times, so most inboxes share theirs with others and ties are the common case.
        var inboxes = Enumerable.Range(0, count)
            .Select(i => new FakeInbox(random.NextInt64().ToString("x24"), $"a{i}@example.com", "pool", InboxStatus.Active, 5,
                start.AddSeconds(random.Next(0, 50)), Connection))
            .ToList();
        var expected = inboxes.Order(SortedInboxIndex.Order).ToList();

        SortedInboxIndex.Sort(inboxes);

        Assert.Equal(expected.Select(i => i.Id), inboxes.Select(i => i.Id));
    }
}
