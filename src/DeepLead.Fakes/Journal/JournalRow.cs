using DeepLead.Fakes.Outcomes;

namespace DeepLead.Fakes.Journal;

/// <summary>
/// A journal entry as the ring keeps it: values, and references to what lives anyway (the settings, a rule, shared
/// strings). Under load a call then leaves nothing young behind that the garbage collector must copy while requests
/// wait (a <see cref="FakeCall"/> and its <see cref="CallTrace"/> per call did: the stub's tail latency). The
/// <see cref="FakeCall"/> is made when the entry is first read, and kept, so every reader gets the same one.
/// </summary>
internal struct JournalRow
{
    public FakeCall? Made;
    public long Sequence;
    public DateTimeOffset Timestamp;
    public string Method;
    public string Path;
    public string Query;
    public string? ApiKey;
    public string? RequestBody;
    public int Status;
    public string? ResponseBody;
    public string? ForcedBy;
    public FakeFault? Fault;
    public bool Abandoned;
    public IReadOnlyList<string> Warnings;
    public TimeSpan Duration;
    public string? Tenant;
    public object? AccountTag;
    public IReadOnlyList<JournalCreateItem> CreateItems;

    /// <summary>The pipeline's trace, kept when it says more than a plain endpoint answer (<see cref="CallTrace.IsPlain"/>).</summary>
    public CallTrace? Trace;

    /// <summary>A plain answer's trace, as what it is remade from: the operation and the settings.</summary>
    public string? PlainOperation;
    public World.ApiSettings? PlainSettings;
}
