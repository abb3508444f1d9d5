using System.Globalization;
using System.Text;

namespace DeepLead.Fakes;

/// <summary>
/// Why the fake answered a call the way it did (<see cref="FakeCall.Explanation"/>; the stub serves the same at
/// <c>GET /__admin/deeplead/journal/{sequence}/explain</c>). Built from what the pipeline decided, never from a body;
/// keys are redacted and passwords never appear, as in the journal.
/// </summary>
public sealed class FakeCallExplanation
{
    internal FakeCallExplanation(FakeCall call, string decidedBy, IReadOnlyList<FakeExplanationStep> steps)
    {
        Call = call;
        DecidedBy = decidedBy;
        Steps = steps;
    }

    /// <summary>The call explained.</summary>
    public FakeCall Call { get; }

    /// <summary>
    /// The step that decided the status: <c>rule</c>, <c>fault</c>, <c>rateLimit</c>, <c>route</c>, <c>auth</c>,
    /// <c>permission</c>, <c>query</c>, <c>validation</c>, <c>notFound</c>, <c>conflict</c> or <c>endpoint</c>.
    /// </summary>
    public string DecidedBy { get; }

    /// <summary>Each pipeline step in order with its result, up to the one that decided the answer, then the render.</summary>
    public IReadOnlyList<FakeExplanationStep> Steps { get; }

    /// <summary>The request-level rule that fired (answered, broke or delayed the call), if one did.</summary>
    public FakeExplanationRule? Rule { get; internal init; }

    /// <summary>The settings and variants the answer depended on, with their values (<c>emailUniqueness: account</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; internal init; } = [];

    /// <summary>
    /// For an error status (or a broken connection): what it rests on, the documentation's own line quoted, or
    /// "not in the documentation: the fake's decision" with the section of docs/behaviour.md that describes it.
    /// </summary>
    public string? RestsOn { get; internal init; }

    /// <summary>For an unknown route or a wrong method: the nearest documented operations, as sent in <c>X-DeepLead-Fake-Hint</c>.</summary>
    public string? Hint { get; internal init; }

    /// <summary>For a create: each item, how it ended and why.</summary>
    public IReadOnlyList<FakeExplanationItem> Items { get; internal init; } = [];

    /// <summary>The explanation as a few readable lines (what <c>?format=text</c> serves).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Call}, decided by {DecidedBy}\n");
        foreach (var step in Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {step.Name}: {step.Result}\n");
        }
        if (Rule is { } rule)
        {
            text.Append(CultureInfo.InvariantCulture, $"  rule: {rule.Text()}\n");
        }
        foreach (var item in Items)
        {
            text.Append(CultureInfo.InvariantCulture, $"  item {item.Text()}\n");
        }
        if (Settings.Count > 0)
        {
            text.Append("  depends on: ").AppendJoin(", ", Settings.Select(s => $"{s.Key}: {s.Value}")).Append('\n');
        }
        foreach (var warning in Call.Warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"  warning: {warning}\n");
        }
        if (Hint is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  hint: {Hint}\n");
        }
        if (RestsOn is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  rests on: {RestsOn}\n");
        }
        return text.ToString();
    }
}

/// <summary>One step of the pipeline and what it found (<c>route</c>: <c>GET /inboxes</c>).</summary>
public sealed class FakeExplanationStep
{
    internal FakeExplanationStep(string name, string result)
    {
        Name = name;
        Result = result;
    }

    /// <summary><c>rules</c>, <c>rateLimit</c>, <c>route</c>, <c>auth</c>, <c>permission</c>, <c>query</c>, <c>validation</c>, <c>endpoint</c> or <c>render</c>.</summary>
    public string Name { get; }

    public string Result { get; }

}

/// <summary>A rule that fired: its position among the rules in force, its name, and how many times it has left.</summary>
public sealed class FakeExplanationRule
{
    internal FakeExplanationRule(int number, string name, int? timesLeft)
    {
        Number = number;
        Name = name;
        TimesLeft = timesLeft;
    }

    /// <summary>1 for the first rule in force.</summary>
    public int Number { get; }

    /// <summary>The rule's name, or what it does when it has none (<c>POST /inboxes → 500</c>).</summary>
    public string Name { get; }

    /// <summary>Matches left after this one; null for a rule without a count.</summary>
    public int? TimesLeft { get; }

    internal string Text() =>
        $"#{Number.ToString(CultureInfo.InvariantCulture)} {Name} ({(TimesLeft is { } left ? $"{left.ToString(CultureInfo.InvariantCulture)} left" : "no count")})";
}

/// <summary>One item of a create: how it ended (<c>created</c>, <c>invalid</c>, <c>poolNotFound</c>, <c>emailExists</c>, <c>connectionTestFailed</c>, <c>forced</c>) and why.</summary>
public sealed class FakeExplanationItem
{
    internal FakeExplanationItem(int index, string kind, int status)
    {
        Index = index;
        Kind = kind;
        Status = status;
    }

    /// <summary>0 for the first item.</summary>
    public int Index { get; }

    public string Kind { get; }

    /// <summary>The status a single-object create with this item answers with.</summary>
    public int Status { get; }

    public string? EmailAddress { get; internal init; }

    /// <summary>The item's error, as the batch result shows it.</summary>
    public string? Error { get; internal init; }

    /// <summary>What was invalid, field by field (<c>poolId: must be a 24-character hexadecimal id</c>).</summary>
    public IReadOnlyList<string> FieldErrors { get; internal init; } = [];

    /// <summary>The item rule that failed it, if one did.</summary>
    public string? Rule { get; internal init; }

    internal string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Index} {EmailAddress ?? "(no address)"}: {Kind} ({Status.ToString(CultureInfo.InvariantCulture)})");
        if (Error is not null && FieldErrors.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Error}");
        }
        if (FieldErrors.Count > 0)
        {
            text.Append(" - ").AppendJoin("; ", FieldErrors);
        }
        if (Rule is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [rule {Rule}]");
        }
        return text.ToString();
    }
}
