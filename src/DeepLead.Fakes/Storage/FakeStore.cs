using System.Collections.Concurrent;

namespace DeepLead.Fakes.Storage;

/// <summary>
/// One account's pools and inboxes, with the indexes paging needs. Every read and write takes one lock,
/// so a batch is applied all or nothing and readers never see half of it; only an answer already cached for the
/// current state is read without it (<see cref="Answers"/>).
/// </summary>
internal sealed partial class FakeStore
{
    private readonly Lock _gate = new();
    private readonly StoreSeed _seed;
    private readonly ObjectIdGenerator _ids;

    private Dictionary<string, PoolState> _pools = null!;
    private List<PoolState> _poolsInOrder = null!;
    private HashSet<string> _inboxIds = null!;
    private Dictionary<string, FakeInbox> _inboxesByEmail = null!;
    private SortedInboxIndex _all = null!;
    private Dictionary<string, SortedInboxIndex> _byPool = null!;
    private SortedInboxIndex[] _byStatus = null!;
    private Dictionary<(string PoolId, InboxStatus Status), SortedInboxIndex> _byPoolAndStatus = null!;

    public FakeStore(StoreSeed seed)
    {
        _seed = seed;
        _ids = new ObjectIdGenerator(seed.Seed);
        Load();
    }

    /// <summary>Back to the seed's state, id sequence included.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Load();
        }
    }

    public T Read<T>(Func<Reader, T> read)
    {
        lock (_gate)
        {
            return read(new Reader(this));
        }
    }

    /// <summary>As above, with the read's state passed in, so the hot path allocates no closure per request.</summary>
    public T Read<TState, T>(TState state, Func<Reader, TState, T> read)
    {
        lock (_gate)
        {
            return read(new Reader(this), state);
        }
    }

    public T Write<T>(Func<Writer, T> write)
    {
        lock (_gate)
        {
            return write(new Writer(this));
        }
    }

    /// <summary>
    /// Answers to reads, valid until the next write: a hot page is computed once per state of the store. Replaced by
    /// an empty one on every write, before the write changes anything; bounded (by entries and by the inboxes they hold)
    /// so odd windows cannot grow it. Filled under the lock; read without it (<see cref="Answers"/>).
    /// </summary>
    private volatile ReadCache _readCache = new();

    private const int ReadCacheLimit = 256;
    private const long ReadCacheWeightLimit = 20_000;

    /// <summary>One state's answers. A reader that holds an older one reads the state before a write it ran beside.</summary>
    public sealed class ReadCache
    {
        internal readonly ConcurrentDictionary<object, object> Answers = new();

        /// <summary>Changed only under the store's lock.</summary>
        internal long Weight;

        /// <summary>
        /// The answer asked for last, in a form its reader chooses (a page and its key): a load asks for one page again
        /// and again, and this is read with no lookup and no boxed key. Set without the lock: any value is an answer of
        /// this state, since a write replaces the whole cache.
        /// </summary>
        public object? Hot { get; set; }

        public bool TryGet<T>(object key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? answer)
            where T : class
        {
            if (Answers.TryGetValue(key, out var cached))
            {
                answer = (T)cached;
                return true;
            }
            answer = null;
            return false;
        }
    }

    /// <summary>
    /// The answers of the store's state now, read without the lock: the hot page's way in. Read once, everything found
    /// in it is of one state: a write replaces the cache before it changes the store, so an answer found here is the
    /// state before a write that has not yet been answered, or after the last one.
    /// </summary>
    public ReadCache Answers => _readCache;

    private void ClearReadCache()
    {
        // An empty cache is kept: a batch clears it once per inbox. (A hot answer is always one of its entries.)
        if (!_readCache.Answers.IsEmpty)
        {
            _readCache = new ReadCache();
        }
    }


    private void Load()
    {
        ClearReadCache();
        _ids.Counter = _seed.IdCounterAfterSeeding;
        _pools = new Dictionary<string, PoolState>(_seed.Pools.Count, StringComparer.Ordinal);
        _poolsInOrder = new List<PoolState>(_seed.Pools.Count);
        foreach (var pool in _seed.Pools)
        {
            AddPoolCore(pool);
        }

        var sorted = new List<FakeInbox>(_seed.Inboxes);
        _inboxIds = new HashSet<string>(sorted.Count, StringComparer.Ordinal);
        _inboxesByEmail = new Dictionary<string, FakeInbox>(sorted.Count, EmailKeys.Comparer(_seed.Uniqueness));
        _byPool = new Dictionary<string, SortedInboxIndex>(StringComparer.Ordinal);
        _byPoolAndStatus = [];
        _all = new SortedInboxIndex(sorted);
        Span<int> perStatus = stackalloc int[4];
        foreach (var inbox in sorted)
        {
            perStatus[(int)inbox.Status]++;
        }
        _byStatus = [new(perStatus[0]), new(perStatus[1]), new(perStatus[2]), new(perStatus[3])];

        // The seed is in list order, so every index is built by appends; a pool's state and indexes are found with one
        // lookup per inbox (a million-inbox seed is indexed on every start, reset and tenant).
        var perPool = new Dictionary<string, PoolIndexes>(_pools.Count, StringComparer.Ordinal);
        foreach (var inbox in sorted)
        {
            _inboxIds.Add(inbox.Id);
            // Seeds are unique per account ignoring case (the strictest reading), so no seed collides under any reading.
            _inboxesByEmail.Add(EmailKeys.Of(_seed.Uniqueness, inbox.PoolId, inbox.EmailAddress), inbox);
            if (!perPool.TryGetValue(inbox.PoolId, out var pool))
            {
                pool = new PoolIndexes(_pools[inbox.PoolId], IndexFor(_byPool, inbox.PoolId));
                perPool.Add(inbox.PoolId, pool);
            }
            pool.State.InboxCount++;
            pool.All.Append(inbox);
            (pool.ByStatus[(int)inbox.Status] ??= IndexFor(_byPoolAndStatus, (inbox.PoolId, inbox.Status))).Append(inbox);
            _byStatus[(int)inbox.Status].Append(inbox);
        }
    }

    private sealed class PoolIndexes(PoolState state, SortedInboxIndex all)
    {
        public PoolState State { get; } = state;
        public SortedInboxIndex All { get; } = all;
        public SortedInboxIndex?[] ByStatus { get; } = new SortedInboxIndex?[4];
    }

    private void AddPoolCore(PoolRecord pool)
    {
        ClearReadCache();
        var state = new PoolState(pool);
        _pools.Add(pool.Id, state);
        var at = _poolsInOrder.BinarySearch(state, PoolState.Order);
        _poolsInOrder.Insert(at < 0 ? ~at : at, state);
    }

    private void IndexInbox(FakeInbox inbox)
    {
        _inboxIds.Add(inbox.Id);
        // Seeds are unique per account ignoring case (the strictest reading), so no seed collides under any reading.
        _inboxesByEmail.Add(EmailKeys.Of(_seed.Uniqueness, inbox.PoolId, inbox.EmailAddress), inbox);
        _pools[inbox.PoolId].InboxCount++;
        IndexFor(_byPool, inbox.PoolId).Insert(inbox);
        _byStatus[(int)inbox.Status].Insert(inbox);
        IndexFor(_byPoolAndStatus, (inbox.PoolId, inbox.Status)).Insert(inbox);
    }

    private static SortedInboxIndex IndexFor<TKey>(Dictionary<TKey, SortedInboxIndex> indexes, TKey key)
        where TKey : notnull
    {
        if (!indexes.TryGetValue(key, out var index))
        {
            index = new SortedInboxIndex();
            indexes.Add(key, index);
        }
        return index;
    }

    private sealed class PoolState(PoolRecord pool)
    {
        public static readonly IComparer<PoolState> Order = Comparer<PoolState>.Create(static (a, b) =>
        {
            var byTime = a.Pool.CreatedAt.UtcTicks.CompareTo(b.Pool.CreatedAt.UtcTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Pool.Id, b.Pool.Id);
        });

        public PoolRecord Pool { get; } = pool;
        public int InboxCount { get; set; }
    }
}
