using System.Collections.Immutable;
using DeepLead.Fakes.Rules;

namespace DeepLead.Fakes;

/// <summary>
/// A forced behaviour: which requests it matches, what it does to them, and how often.
/// The same model as a scenario file's <c>rules</c>, built fluently:
/// <code>
/// FakeRule.On("POST", "/inboxes").Times(2).RespondWith(500)
/// FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@broken.example").FailConnectionTest("IMAP login failed")
/// </code>
/// Matching is case-insensitive; <c>*</c> in any pattern matches any run of characters.
/// </summary>
public sealed record FakeRule
{
    /// <summary>An HTTP method, or null for any.</summary>
    public string? Method { get; internal init; }

    /// <summary>A path pattern relative to <c>/api/v1</c> (as <c>/inboxes</c>) or absolute; null for any.</summary>
    public string? Path { get; internal init; }

    /// <summary>Query parameters that must be present, each with a value pattern.</summary>
    public ImmutableDictionary<string, string> Query { get; internal init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Body fields that must match, each with a value pattern (non-string values are compared as their JSON text).
    /// For a batch, a request matches when any item matches; item actions apply to the matching items only.
    /// </summary>
    public ImmutableDictionary<string, string> Body { get; internal init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>An API key pattern, or null for any (including none).</summary>
    public string? ApiKey { get; internal init; }

    /// <summary>Answer with this instead of the API's answer.</summary>
    public FakeResponse? Response { get; internal init; }

    /// <summary>Wait this long first (then answer normally, or with <see cref="Response"/> or <see cref="Fault"/>).</summary>
    public FakeDelay? Delay { get; internal init; }

    /// <summary>Break the connection instead of answering.</summary>
    public FakeFault? Fault { get; internal init; }

    /// <summary>Fail only the matching items of a create (a single object answers with this status).</summary>
    public FakeItemFailure? ItemFailure { get; internal init; }

    /// <summary>Fail the IMAP/SMTP connection test of matching creates with this message (not when <c>skipConnectionTest</c> is true).</summary>
    public string? ConnectionTestFailure { get; internal init; }

    /// <summary>Apply to the first N matches only, then the rule is spent. Null: every match.</summary>
    public int? Count { get; internal init; }

    /// <summary>Apply to a match with this probability (0..1], drawn from the fake's seed, so flakiness is reproducible.</summary>
    public double? Probability { get; internal init; }

    /// <summary>A name for messages and the journal.</summary>
    public string? Name { get; internal init; }

    /// <summary>A rule matching every request with this method and path pattern (either may be null for any).</summary>
    // Built through On/OnAnyRequest and the fluent methods only.
    internal FakeRule()
    {
    }

    public static FakeRule On(string? method, string? path) => new() { Method = method, Path = path };

    /// <summary>A rule matching every API request.</summary>
    public static FakeRule OnAnyRequest() => new();

    public FakeRule WhereQuery(string name, string pattern) => this with { Query = Query.SetItem(name, pattern) };

    public FakeRule WhereBody(string field, string pattern) => this with { Body = Body.SetItem(field, pattern) };

    public FakeRule WithApiKey(string pattern) => this with { ApiKey = pattern };

    public FakeRule Times(int count) => this with { Count = count };

    public FakeRule WithProbability(double probability) => this with { Probability = probability };

    public FakeRule Named(string name) => this with { Name = name };

    /// <summary>Answer with a status and the documented error shape (a default message for the status unless given).</summary>
    public FakeRule RespondWith(int status, string? error = null) => this with { Response = new FakeResponse(status) { Error = error } };

    /// <summary>Answer with a status and this exact JSON body.</summary>
    public FakeRule RespondWithJson(int status, string json) => this with { Response = new FakeResponse(status) { BodyJson = json } };

    /// <summary>
    /// Adds a header to the forced answer, e.g. <c>RespondWith(503).WithHeader("Retry-After", "2")</c>. Call it after
    /// <see cref="RespondWith"/> or <see cref="RespondWithJson"/>; the same name again replaces the value.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rule forces no response yet.</exception>
    /// <exception cref="ArgumentException">Not an HTTP header name (a token), a value with a line break or other than visible ASCII, spaces and tabs, or a header the fake sets itself.</exception>
    public FakeRule WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Response is null)
        {
            throw new InvalidOperationException("WithHeader adds to a forced response: call RespondWith or RespondWithJson first.");
        }
        if (!RuleValidation.IsHeaderName(name))
        {
            throw new ArgumentException($"'{name}' is not an HTTP header name.", nameof(name));
        }
        if (value.Any(c => c is '\r' or '\n' or '\0'))
        {
            throw new ArgumentException("A header value cannot contain a line break or NUL.", nameof(value));
        }
        if (!RuleValidation.IsHeaderValue(value))
        {
            throw new ArgumentException("A header value must be visible ASCII characters, spaces or tabs (the port transport cannot send others).", nameof(value));
        }
        if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{name} is set by the fake from the body.", nameof(name));
        }
        return this with { Response = Response with { Headers = Response.Headers.WithComparers(StringComparer.OrdinalIgnoreCase).SetItem(name, value) } };
    }

    public FakeRule DelayBy(TimeSpan delay) => this with { Delay = new FakeDelay(delay, delay) };

    public FakeRule DelayBetween(TimeSpan min, TimeSpan max) => this with { Delay = new FakeDelay(min, max) };

    public FakeRule BreakConnection(FakeFault fault = FakeFault.EmptyResponse) => this with { Fault = fault };

    public FakeRule FailItem(int status, string? error = null) => this with { ItemFailure = new FakeItemFailure(status, error) };

    public FakeRule FailConnectionTest(string message) => this with { ConnectionTestFailure = message };
}

/// <summary>A forced answer: a status, and either the documented error shape or a JSON body of your own.</summary>
public sealed record FakeResponse
{
    internal FakeResponse(int status) => Status = status;

    public int Status { get; }

    /// <summary>The <c>error</c> message; a default for the status when null.</summary>
    public string? Error { get; internal init; }

    /// <summary>A complete JSON body, sent as is (wins over <see cref="Error"/>).</summary>
    public string? BodyJson { get; internal init; }

    /// <summary>Extra response headers, e.g. <c>Retry-After</c>.</summary>
    public ImmutableDictionary<string, string> Headers { get; internal init; } = ImmutableDictionary<string, string>.Empty;
}

/// <summary>A delay drawn uniformly between <see cref="Min"/> and <see cref="Max"/> (from the seed).</summary>
public sealed record FakeDelay
{
    internal FakeDelay(TimeSpan min, TimeSpan max) => (Min, Max) = (min, max);

    public TimeSpan Min { get; }
    public TimeSpan Max { get; }
}

/// <summary>An item of a create that fails: in a batch a failed result with <see cref="Error"/>; alone, this status.</summary>
public sealed record FakeItemFailure
{
    internal FakeItemFailure(int status, string? error = null) => (Status, Error) = (status, error);

    public int Status { get; }
    public string? Error { get; }
}
