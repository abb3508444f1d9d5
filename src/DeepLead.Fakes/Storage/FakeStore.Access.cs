namespace DeepLead.Fakes.Storage;

internal sealed partial class FakeStore
{
    /// <summary>Read access, valid only inside <see cref="Read{T}"/>.</summary>
    public readonly struct Reader
    {
        private readonly FakeStore _store;

        internal Reader(FakeStore store) => _store = store;

        public bool PoolExists(string poolId) => _store._pools.ContainsKey(poolId);

        public IEnumerable<(PoolRecord Pool, int InboxCount)> PoolsInOrder()
        {
            foreach (var state in _store._poolsInOrder)
            {
                yield return (state.Pool, state.InboxCount);
            }
        }

        public IEnumerable<FakeInbox> InboxesInOrder() => _store._all.All;

        /// <summary>The answer to this read, computed once per state of the store; <paramref name="weight"/> says how much it holds.</summary>
        public T Cached<T>(object key, Func<Reader, T> compute, Func<T, int> weight)
            where T : class =>
            Cached(key, compute, static (reader, compute) => compute(reader), weight);

        /// <summary>As above, with the computation's state passed in: a hit then allocates no closure.</summary>
        public T Cached<TState, T>(object key, TState state, Func<Reader, TState, T> compute, Func<T, int> weight)
            where T : class
        {
            var cache = _store._readCache;
            if (cache.Answers.TryGetValue(key, out var cached))
            {
                return (T)cached;
            }
            var value = compute(this, state);
            var size = weight(value);
            if (cache.Answers.Count >= ReadCacheLimit || cache.Weight + size > ReadCacheWeightLimit)
            {
                _store._readCache = cache = new ReadCache();
            }
            cache.Answers[key] = value;
            cache.Weight += size;
            return value;
        }

        /// <summary>The index that answers a filter exactly, so a page never scans what it skips.</summary>
        public SortedInboxIndex? IndexFor(string? poolId, InboxStatus? status)
        {
            var store = _store;
            return (poolId, status) switch
            {
                (null, null) => store._all,
                (null, { } s) => store._byStatus[(int)s],
                ({ } p, null) => store._byPool.GetValueOrDefault(p),
                ({ } p, { } s) => store._byPoolAndStatus.GetValueOrDefault((p, s)),
            };
        }
    }

    /// <summary>Write access, valid only inside <see cref="Write{T}"/>.</summary>
    public readonly struct Writer
    {
        private readonly FakeStore _store;

        internal Writer(FakeStore store) => _store = store;

        public Reader Reader => new(_store);

        /// <summary>Whether the address is taken where an inbox of <paramref name="poolId"/> (null: a new pool) would live.</summary>
        public bool EmailExists(string? poolId, string emailAddress) =>
            _store._inboxesByEmail.ContainsKey(EmailKeys.Of(_store._seed.Uniqueness, poolId, emailAddress));

        public string NextId(DateTimeOffset now)
        {
            string id;
            do
            {
                id = _store._ids.Next(now);
            }
            while (_store._inboxIds.Contains(id) || _store._pools.ContainsKey(id));
            return id;
        }

        public void AddPool(PoolRecord pool) => _store.AddPoolCore(pool);

        public void AddInbox(FakeInbox inbox)
        {
            _store.ClearReadCache();
            _store._all.Insert(inbox);
            _store.IndexInbox(inbox);
        }
    }
}
