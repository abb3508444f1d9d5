namespace DeepLead.Fakes.Storage;

/// <summary>
/// Inboxes in the documented list order (creation time, then id), so a page is a slice: the same cost at
/// skip 0 and at the end. Inserts are almost always appends because the clock only moves forward.
/// </summary>
internal sealed class SortedInboxIndex
{
    public static readonly IComparer<FakeInbox> Order = Comparer<FakeInbox>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.UtcTicks.CompareTo(b.CreatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    /// <summary>
    /// Sorts into <see cref="Order"/>: the creation times as keys (a primitive sort, no comparer call per comparison),
    /// then each run of equal times by id. A million generated inboxes sort in a fraction of the comparer's time.
    /// </summary>
    public static void Sort(List<FakeInbox> inboxes)
    {
        var items = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(inboxes);
        var keys = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = items[i].CreatedAt.UtcTicks;
        }
        keys.AsSpan().Sort(items);
        for (var start = 0; start < items.Length;)
        {
            var end = start + 1;
            while (end < items.Length && keys[end] == keys[start])
            {
                end++;
            }
            if (end - start > 1)
            {
                items[start..end].Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            }
            start = end;
        }
    }

    private readonly List<FakeInbox> _items;

    public SortedInboxIndex() => _items = [];

    public SortedInboxIndex(int capacity) => _items = new List<FakeInbox>(capacity);

    /// <summary>Takes a list already in <see cref="Order"/>.</summary>
    public SortedInboxIndex(List<FakeInbox> sorted) => _items = sorted;

    public int Count => _items.Count;

    public void Insert(FakeInbox inbox)
    {
        if (_items.Count == 0 || Order.Compare(_items[^1], inbox) < 0)
        {
            _items.Add(inbox);
            return;
        }
        var at = _items.BinarySearch(inbox, Order);
        _items.Insert(at < 0 ? ~at : at, inbox);
    }

    /// <summary>Adds an inbox known to sort after every one here (a seed, indexed in order).</summary>
    public void Append(FakeInbox inbox) => _items.Add(inbox);

    public ReadOnlySpan<FakeInbox> Slice(int skip, int limit)
    {
        if (skip >= _items.Count)
        {
            return [];
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_items);
        return span.Slice(skip, Math.Min(limit, _items.Count - skip));
    }

    public IEnumerable<FakeInbox> All => _items;
}
