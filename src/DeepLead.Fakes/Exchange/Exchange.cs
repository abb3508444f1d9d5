using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Outcomes;

/// <summary>
/// One call, whole: what was asked, what was decided, what was sent, and for whom. The pipeline hands every exchange to
/// its observers (journal, coverage, log); none of them parses the response body.
/// </summary>
/// <param name="Outcome">What was decided; null for a call the client abandoned before an answer existed.</param>
/// <param name="ForcedBy">The rule (or rate limit) that forced or delayed the answer, or failed one of its items.</param>
/// <param name="Warnings">What the fake ignored in the request (unknown names, empty values).</param>
/// <param name="TenantTag">A token of the account that served the call (never the account: a disposed tenant must be collectable).</param>
/// <param name="TenantLabel">The tenant's printable name; null for the fake's configured keys.</param>
/// <remarks>A struct handed to observers by reference: one is made per call, and none of them keeps it.</remarks>
internal readonly record struct Exchange(
    long Sequence,
    ApiRequest Request,
    ApiOutcome? Outcome,
    ApiResponse Response,
    string? ForcedBy,
    IReadOnlyList<string> Warnings,
    TimeSpan Duration,
    object TenantTag,
    string? TenantLabel)
{
    /// <summary>What the pipeline learned on the way (for the call's explanation); null for exchanges made outside it.</summary>
    public CallTrace? Trace { get; init; }

    /// <summary>The client gave up (during a delay rule, say): no answer was sent.</summary>
    public bool Abandoned => Outcome is null;

    /// <summary>The status recorded for an abandoned call: 499, the usual log code for "client closed request".</summary>
    public const int AbandonedStatus = 499;
}

/// <summary>Sees every exchange after its answer is decided. Must not throw; the pipeline guards against it anyway.</summary>
internal interface IExchangeObserver
{
    void Observe(in Exchange exchange);
}

/// <summary>Numbers calls 1, 2, 3… for the whole fake: kept across a reload, so a journal never reuses a number.</summary>
internal sealed class CallSequence
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);

    /// <summary>The last number handed out, 0 before the first call.</summary>
    public long Last => Interlocked.Read(ref _last);
}
