namespace DeepLead.Fakes;

/// <summary>What the fake received, read the way a test thinks: calls, inboxes created, failures, calls without valid auth.</summary>
public sealed partial class FakeJournal
{
    private readonly Journal.CallJournal _journal;
    private readonly object? _accountTag;
    private readonly Outcomes.CallSequence _sequence;

    internal FakeJournal(Journal.CallJournal journal, Outcomes.CallSequence sequence, object? accountTag)
    {
        _journal = journal;
        _sequence = sequence;
        _accountTag = accountTag;
    }

    /// <summary>Every kept call, oldest first (the journal keeps the last <see cref="DeepLeadFakeOptions.JournalCapacity"/>).</summary>
    public IReadOnlyList<FakeCall> Calls => _journal.Snapshot(_accountTag);

    /// <summary>How many calls the journal keeps (<see cref="DeepLeadFakeOptions.JournalCapacity"/>; 0: none).</summary>
    public int Capacity => _journal.Capacity;

    /// <summary>Calls answered with an error status or a broken connection.</summary>
    public IReadOnlyList<FakeCall> FailedCalls => [.. Calls.Where(c => c.Status >= 400 || c.Fault is not null)];

    /// <summary>Calls refused for a missing, malformed or unknown key (401).</summary>
    public IReadOnlyList<FakeCall> UnauthorizedCalls => [.. Calls.Where(c => c.Status == 401 && c.Fault is null)];

    /// <summary>Calls a rule forced (answered, delayed or broke).</summary>
    public IReadOnlyList<FakeCall> ForcedCalls => [.. Calls.Where(c => c.ForcedBy is not null)];

    /// <summary>The calls with this method and a path ending in <paramref name="pathSuffix"/> (e.g. <c>"/inboxes"</c>).</summary>
    public IReadOnlyList<FakeCall> CallsTo(string method, string pathSuffix) =>
        [.. Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && c.Path.EndsWith(pathSuffix, StringComparison.Ordinal))];

    /// <summary>The sequence number of the last call the fake received (any account), 0 before the first.</summary>
    /// <remarks>Take it before an action and pass it to <see cref="CallsSince"/> to see only what the action caused.</remarks>
    public long LastSequence => _sequence.Last;

    /// <summary>The kept calls after sequence number <paramref name="sequence"/>, oldest first.</summary>
    public IReadOnlyList<FakeCall> CallsSince(long sequence) => [.. Calls.Where(c => c.Sequence > sequence)];

    /// <summary>Forgets the kept calls: the fake's whole journal, or for a tenant's journal, that tenant's calls only.</summary>
    public void Clear() => _journal.Clear(_accountTag);

    /// <summary>
    /// Every inbox the API reported as created, in order, with the pool it went to. Exact for batches of any size:
    /// recorded as the endpoint decided each item, not read back from the response body.
    /// </summary>
    public IReadOnlyList<JournalCreatedInbox> CreatedInboxes =>
        [.. CreateItems().Where(i => i.Item.InboxId is not null).Select(i => new JournalCreatedInbox(i.Item.EmailAddress!, i.Item.InboxId!, i.Item.PoolId, i.Call))];

    /// <summary>
    /// Every create item that failed, single or in a batch, with the reason the API gave and the rule that forced it,
    /// if one did. Exact for batches of any size.
    /// </summary>
    public IReadOnlyList<JournalFailedItem> FailedItems =>
        [.. CreateItems().Where(i => i.Item.Error is not null).Select(i => new JournalFailedItem(i.Item.EmailAddress, i.Item.Error!, i.Item.Status, i.Call) { ForcedBy = i.Item.ForcedBy })];

    private IEnumerable<(Journal.JournalCreateItem Item, FakeCall Call)> CreateItems() =>
        Calls.SelectMany(call => call.CreateItems.Select(item => (item, call)));
}

/// <summary>An inbox the fake created: its address, id, pool, and the call that created it.</summary>
public sealed record JournalCreatedInbox
{
    internal JournalCreatedInbox(string emailAddress, string inboxId, string? poolId, FakeCall call) =>
        (EmailAddress, InboxId, PoolId, Call) = (emailAddress, inboxId, poolId, call);

    public string EmailAddress { get; }
    public string InboxId { get; }
    public string? PoolId { get; }
    public FakeCall Call { get; }
}

/// <summary>A create item that failed: its address (when it had one), the API's reason and status, and the call.</summary>
public sealed record JournalFailedItem
{
    internal JournalFailedItem(string? emailAddress, string error, int status, FakeCall call) =>
        (EmailAddress, Error, Status, Call) = (emailAddress, error, status, call);

    public string? EmailAddress { get; }
    public string Error { get; }
    public int Status { get; }
    public FakeCall Call { get; }

    /// <summary>The rule that failed this item (an item rule, or a rule that forced the whole call), if one did.</summary>
    public string? ForcedBy { get; internal init; }
}
