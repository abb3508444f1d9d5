using System.Globalization;
using System.Text;

namespace DeepLead.Fakes;

/// <summary>
/// A description of calls to look for in the journal (<see cref="FakeJournal.Verify"/>): an operation, and optionally
/// body fields, query parameters, the key and the status. Every value is compared exactly (no case folding, no patterns),
/// so a verification never passes on a call that only looks alike.
/// <code>
/// fake.Journal.Verify(new FakeCallMatch("POST", "/inboxes") { Fields = { ["emailAddress"] = "kim@gmail.com" }, Status = 200 }, times: 1);
/// </code>
/// </summary>
public sealed class FakeCallMatch
{
    /// <param name="method">The HTTP method (any case).</param>
    /// <param name="path">Relative to the API (<c>/inboxes</c>) or absolute (<c>/api/v1/inboxes</c>).</param>
    public FakeCallMatch(string method, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Method = method.ToUpperInvariant();
        Path = Rules.RuleSet.NormalizePath(path);
    }

    public string Method { get; }

    /// <summary>The absolute path (<c>/api/v1/inboxes</c>).</summary>
    public string Path { get; }

    /// <summary>
    /// Body fields and their values: a string field as its text, any other value as its JSON (<c>"dailySendingLimit": "50"</c>).
    /// For a batch, a call matches when one item has them all. Secrets (passwords) are masked in the journal, so they cannot be matched.
    /// </summary>
    public IDictionary<string, string> Fields { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Query parameters and their values, as decoded.</summary>
    public IDictionary<string, string> Query { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The bearer key the call was made with (compared by its redaction, and only ever shown redacted).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The status the call was answered with.</summary>
    public int? Status { get; init; }

    /// <summary>What a failure message shows: <c>POST /api/v1/inboxes with emailAddress = "kim@gmail.com", status 200</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Path);
        var conditions = new List<string>();
        conditions.AddRange(Query.Select(q => $"query {q.Key} = \"{q.Value}\""));
        conditions.AddRange(Fields.Select(f => $"{f.Key} = \"{f.Value}\""));
        if (ApiKey is not null)
        {
            conditions.Add($"key {Protocol.Redaction.ApiKey(ApiKey)}");
        }
        if (Status is { } status)
        {
            conditions.Add($"status {status.ToString(CultureInfo.InvariantCulture)}");
        }
        if (conditions.Count > 0)
        {
            text.Append(" with ").AppendJoin(", ", conditions);
        }
        return text.ToString();
    }
}

/// <summary>
/// A verification of the journal failed: the message shows what was expected, how many calls matched, and the closest
/// actual calls with a field-by-field difference. xUnit and NUnit report it as a test failure.
/// </summary>
public sealed class FakeVerificationException : Exception
{
    // Thrown by the fake and its fixtures, never by users: only the message constructor is public (for the fixtures).
    public FakeVerificationException(string message)
        : base(message)
    {
    }

    internal FakeVerificationException(string message, int matching, IReadOnlyList<FakeNearMiss> closest)
        : base(message)
    {
        Matching = matching;
        Closest = closest;
    }

    /// <summary>How many calls matched the description.</summary>
    public int Matching { get; }

    /// <summary>The calls nearest to the description, closest first, each with what differs.</summary>
    public IReadOnlyList<FakeNearMiss> Closest { get; } = [];
}

/// <summary>A call that nearly matched a description, and each way it differs (<c>status: expected 200, was 409</c>).</summary>
public sealed class FakeNearMiss
{
    internal FakeNearMiss(FakeCall call, IReadOnlyList<string> differences)
    {
        Call = call;
        Differences = differences;
    }

    public FakeCall Call { get; }

    public IReadOnlyList<string> Differences { get; }
}
