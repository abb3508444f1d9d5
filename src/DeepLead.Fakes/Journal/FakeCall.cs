using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>
/// One call the fake received, as recorded in its journal. Secrets never appear: the API key is redacted
/// (<c>dl_y…(20)</c>) and password fields in the request body read <c>"***"</c>.
/// </summary>
public sealed class FakeCall
{
    private readonly Journal.JournalRow _row;
    private Outcomes.CallTrace? _plainTrace;

    internal FakeCall(in Journal.JournalRow row) => _row = row;

    /// <summary>1 for the first call the fake received; gaps show calls dropped by the journal's cap.</summary>
    public long Sequence => _row.Sequence;
    public DateTimeOffset Timestamp => _row.Timestamp;
    public string Method => _row.Method;
    public string Path => _row.Path;

    /// <summary>The raw query string without '?', or empty.</summary>
    public string Query => _row.Query;

    /// <summary>The bearer key, redacted; null when none was sent.</summary>
    public string? ApiKey => _row.ApiKey;

    /// <summary>The request body with passwords masked; null when empty or over the journal's size for bodies.</summary>
    public string? RequestBody => _row.RequestBody;

    public int Status => _row.Status;

    /// <summary>The response body; null for a broken connection or a body over the journal's size for bodies.</summary>
    public string? ResponseBody => _row.ResponseBody;

    /// <summary>The rule that forced this answer (or delayed it), if any.</summary>
    public string? ForcedBy => _row.ForcedBy;

    /// <summary>The transport fault the call ended in, if a rule asked for one.</summary>
    public FakeFault? Fault => _row.Fault;

    /// <summary>
    /// The client gave up before an answer was sent (during a delay rule, say); <see cref="Status"/> is then
    /// <see cref="AbandonedStatus"/>, and <see cref="ResponseBody"/> is null: nothing was sent.
    /// </summary>
    public bool Abandoned => _row.Abandoned;

    /// <summary>The status recorded for an abandoned call: 499, the usual log code for "client closed request".</summary>
    public const int AbandonedStatus = Outcomes.Exchange.AbandonedStatus;

    /// <summary>
    /// What the fake ignored in the request (unknown fields and query parameters, empty query values), as sent in the
    /// <c>X-DeepLead-Fake-Warning</c> header: empty when it ignored nothing.
    /// </summary>
    public IReadOnlyList<string> Warnings => _row.Warnings;

    public TimeSpan Duration => _row.Duration;

    /// <summary>The tenant whose key made the call (<c>tenant 3</c>); null for the fake's configured keys or no valid key.</summary>
    public string? Tenant => _row.Tenant;

    /// <summary>A token of the account (never the account itself: a disposed tenant's state must be collectable).</summary>
    internal object? AccountTag => _row.AccountTag;

    /// <summary>The items of a create, typed as the endpoint decided them; empty for other calls.</summary>
    internal IReadOnlyList<Journal.JournalCreateItem> CreateItems => _row.CreateItems;

    /// <summary>What the pipeline learned on the way to the answer: the explanation is built from it on demand.</summary>
    internal Outcomes.CallTrace? Trace => _row.Trace ?? (_row.PlainOperation is { } operation
        ? _plainTrace ??= Outcomes.CallTrace.Plain(operation, _row.PlainSettings, Method)
        : null);

    /// <summary>
    /// Why the fake gave this answer: the step that decided it, every step on the way, the rule, the settings it
    /// depended on, what the status rests on, and for an unknown route the nearest documented operations.
    /// <c>ToString()</c> prints it readably. Built on demand from what the journal kept; never from a body.
    /// </summary>
    public FakeCallExplanation Explanation => Explain.Explainer.Explain(this);

    /// <summary>The response body parsed, or null when there is none.</summary>
    public JsonElement? ResponseJson()
    {
        if (ResponseBody is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(ResponseBody);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"#{Sequence} {Method} {Path}{(Query.Length > 0 ? "?" + Query : "")} -> {(Fault is { } f ? f.ToString() : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}
