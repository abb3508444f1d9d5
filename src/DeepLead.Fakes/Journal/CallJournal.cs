namespace DeepLead.Fakes.Journal;

/// <summary>
/// The last N calls in a ring buffer: adding costs the same however full it is, and memory stays bounded
/// however long the fake runs (WireMock.Net's own log is switched off for that reason).
/// </summary>
internal sealed class CallJournal
{
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly JournalRow[] _ring;
    private long _count;

    public CallJournal(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ring = new JournalRow[capacity];
    }

    public int Capacity => _ring.Length;

    public void Add(in JournalRow call)
    {
        if (_ring.Length == 0)
        {
            return;
        }
        lock (_gate)
        {
            _ring[_count % _ring.Length] = call;
            _count++;
        }
    }

    /// <summary>The kept calls, oldest first.</summary>
    public IReadOnlyList<FakeCall> Snapshot(object? accountTag = null)
    {
        lock (_gate)
        {
            return SnapshotHeld(accountTag);
        }
    }

    /// <summary>
    /// All kept calls, oldest first, and how many calls added since the journal was made or last cleared it no longer
    /// keeps, read together: a count over the kept calls can say whether it is the whole run.
    /// </summary>
    public (IReadOnlyList<FakeCall> Calls, long Dropped) SnapshotWithDropped()
    {
        lock (_gate)
        {
            var calls = SnapshotHeld(accountTag: null);
            return (calls, _count - calls.Count);
        }
    }

    /// <summary>Called holding the gate.</summary>
    private List<FakeCall> SnapshotHeld(object? accountTag)
    {
        var kept = (int)Math.Min(_count, _ring.Length);
        var result = new List<FakeCall>(kept);
        for (var i = _count - kept; i < _count; i++)
        {
            ref var row = ref _ring[i % _ring.Length];
            if (accountTag is null || ReferenceEquals(row.AccountTag, accountTag))
            {
                result.Add(Read(ref row));
            }
        }
        result.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    /// <summary>How many calls were added since the journal was made or last cleared: a reader's position.</summary>
    public long Position => Interlocked.Read(ref _count);

    /// <summary>
    /// The calls added after <paramref name="position"/> (a <see cref="Position"/> read earlier), at most the newest
    /// <paramref name="max"/>, in the order they were added; the position to read from next; how many were not returned
    /// (over <paramref name="max"/>, or already dropped from the ring). For a reader that polls, the inspector's event
    /// stream: the lock is held for the calls returned, never for a copy of the whole journal. By position, not sequence
    /// number, so a call answered late (a delay rule) is not passed over.
    /// </summary>
    public (IReadOnlyList<FakeCall> Calls, long Position, long Skipped) Since(long position, int max)
    {
        lock (_gate)
        {
            if (position > _count)
            {
                position = 0;   // cleared since: everything kept is new
            }
            var oldest = Math.Max(position, _count - _ring.Length);
            var take = (int)Math.Min(_count - oldest, max);
            var result = new List<FakeCall>(take);
            for (var i = _count - take; i < _count; i++)
            {
                result.Add(Read(ref _ring[i % _ring.Length]));
            }
            return (result, _count, _count - position - take);
        }
    }

    /// <summary>Forgets every kept call, or only the calls of the account behind <paramref name="accountTag"/>.</summary>
    public void Clear(object? accountTag = null)
    {
        lock (_gate)
        {
            if (accountTag is null)
            {
                Array.Clear(_ring);
                _count = 0;
                return;
            }
            var kept = (int)Math.Min(_count, _ring.Length);
            var others = new List<JournalRow>(kept);
            for (var i = _count - kept; i < _count; i++)
            {
                ref var row = ref _ring[i % _ring.Length];
                if (!ReferenceEquals(row.AccountTag, accountTag))
                {
                    others.Add(row);
                }
            }
            Array.Clear(_ring);
            others.CopyTo(_ring);
            _count = others.Count;
        }
    }

    /// <summary>The entry's call, made on its first read and kept (called holding the gate).</summary>
    private static FakeCall Read(ref JournalRow row) => row.Made ??= new FakeCall(row);
}
