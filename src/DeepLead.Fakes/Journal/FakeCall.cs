using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>
/// One call the fake received, as recorded in its journal. Secrets never appear: the API key is redacted
/// (<c>dl_y…(20)</c>) and password fields in the request body read <c>"***"</c>.
/// </summary>
public sealed record FakeCall
{
    internal FakeCall()
    {
    }

    /// <summary>1 for the first call the fake received; gaps show calls dropped by the journal's cap.</summary>
    public long Sequence { get; internal init; }
    public DateTimeOffset Timestamp { get; internal init; }
    public string Method { get; internal init; } = "";
    public string Path { get; internal init; } = "";

    /// <summary>The raw query string without '?', or empty.</summary>
    public string Query { get; internal init; } = "";

    /// <summary>The bearer key, redacted; null when none was sent.</summary>
    public string? ApiKey { get; internal init; }

    /// <summary>The request body with passwords masked; null when empty or over the journal's size for bodies.</summary>
    public string? RequestBody { get; internal init; }

    public int Status { get; internal init; }

    /// <summary>The response body; null for a broken connection or a body over the journal's size for bodies.</summary>
    public string? ResponseBody { get; internal init; }

    /// <summary>The rule that forced this answer (or delayed it), if any.</summary>
    public string? ForcedBy { get; internal init; }

    /// <summary>The transport fault the call ended in, if a rule asked for one.</summary>
    public FakeFault? Fault { get; internal init; }

    /// <summary>
    /// The client gave up before an answer was sent (during a delay rule, say); <see cref="Status"/> is then
    /// <see cref="AbandonedStatus"/>, and <see cref="ResponseBody"/> is null: nothing was sent.
    /// </summary>
    public bool Abandoned { get; internal init; }

    /// <summary>The status recorded for an abandoned call: 499, the usual log code for "client closed request".</summary>
    public const int AbandonedStatus = Outcomes.Exchange.AbandonedStatus;

    /// <summary>
    /// What the fake ignored in the request (unknown fields and query parameters, empty query values), as sent in the
    /// <c>X-DeepLead-Fake-Warning</c> header: empty when it ignored nothing.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    public TimeSpan Duration { get; internal init; }

    /// <summary>The tenant whose key made the call (<c>tenant 3</c>); null for the fake's configured keys or no valid key.</summary>
    public string? Tenant { get; internal init; }

    /// <summary>A token of the account (never the account itself: a disposed tenant's state must be collectable).</summary>
    internal object? AccountTag { get; init; }

    /// <summary>The items of a create, typed as the endpoint decided them; empty for other calls.</summary>
    internal IReadOnlyList<Journal.JournalCreateItem> CreateItems { get; init; } = [];

    /// <summary>What the pipeline learned on the way to the answer: the explanation is built from it on demand.</summary>
    internal Outcomes.CallTrace? Trace { get; init; }

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
