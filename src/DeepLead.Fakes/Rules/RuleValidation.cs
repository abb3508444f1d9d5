using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Rules;

/// <summary>Refuses rules that are contradictory or can never match, naming the property at fault.</summary>
internal static class RuleValidation
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>Problems as (property, message); property names follow the scenario format.</summary>
    public static List<(string Property, string Message)> Problems(FakeRule rule)
    {
        var problems = new List<(string, string)>();
        var itemAction = rule.ItemFailure is not null || rule.ConnectionTestFailure is not null;
        var requestAction = rule.Response is not null || rule.Fault is not null;
        if (!itemAction && !requestAction && rule.Delay is null)
        {
            problems.Add(("rule", "has no action: give one of respond, delay, fault, failItem, failConnectionTest"));
        }
        if (rule.Response is not null && rule.Fault is not null)
        {
            problems.Add(("fault", "cannot be combined with respond"));
        }
        if (itemAction && (requestAction || rule.Delay is not null))
        {
            problems.Add((rule.ItemFailure is not null ? "failItem" : "failConnectionTest", "is an item action and cannot be combined with respond, delay or fault"));
        }
        if (rule.ItemFailure is not null && rule.ConnectionTestFailure is not null)
        {
            problems.Add(("failConnectionTest", "cannot be combined with failItem"));
        }

        if (rule.Method is { } method && !method.Contains('*', StringComparison.Ordinal) && !Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(("match.method", $"'{method}' is not an HTTP method ({string.Join(", ", Methods)})"));
        }
        var createsInboxes = MatchesCreate(rule);
        if (rule.Body.Count > 0 && !createsInboxes)
        {
            problems.Add(("match.body", "can never match: only POST /inboxes has a body (set method POST and path /inboxes, or leave them out)"));
        }
        foreach (var field in rule.Body.Keys)
        {
            if (!ApiPaths.CreateInboxFields.Contains(field))
            {
                problems.Add(($"match.body.{field}", "is not a field of POST /inboxes, so it can never match"));
            }
        }
        if (itemAction && !createsInboxes)
        {
            problems.Add(("match", "an item action can only match POST /inboxes"));
        }

        if (rule.Response is { } response)
        {
            if (response.Status is < 100 or > 599)
            {
                problems.Add(("respond.status", $"must be an HTTP status from 100 to 599 (got {response.Status})"));
            }
            if (response.BodyJson is { } json && !IsJson(json))
            {
                problems.Add(("respond.body", "must be valid JSON"));
            }
            foreach (var (name, value) in response.Headers)
            {
                if (!IsHeaderName(name))
                {
                    problems.Add(($"respond.headers.{name}", "is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)"));
                }
                else if (value is not null && !IsHeaderValue(value))
                {
                    problems.Add(($"respond.headers.{name}", "must be visible ASCII characters, spaces or tabs, on one line"));
                }
            }
        }
        if (rule.Delay is { } delay && (delay.Min < TimeSpan.Zero || delay.Max < delay.Min || delay.Max > TimeSpan.FromMinutes(5)))
        {
            problems.Add(("delay", "needs 0 <= min <= max <= 5 minutes"));
        }
        if (rule.ItemFailure is { } failure && failure.Status is < 400 or > 599)
        {
            problems.Add(("failItem.status", $"must be an error status from 400 to 599 (got {failure.Status})"));
        }
        if (rule.ConnectionTestFailure is "")
        {
            problems.Add(("failConnectionTest", "needs a message"));
        }
        if (rule.Count is < 1)
        {
            problems.Add(("times", $"must be at least 1 (got {rule.Count})"));
        }
        if (rule.Probability is { } probability && (double.IsNaN(probability) || probability <= 0 || probability > 1))
        {
            problems.Add(("probability", $"must be greater than 0 and at most 1 (got {probability})"));
        }
        return problems;
    }

    /// <summary>An HTTP header name: an RFC 9110 token.</summary>
    public static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// A header value every transport sends as given: Kestrel (the port transport) refuses other characters with a 500,
    /// and a line break would start a header of its own.
    /// </summary>
    public static bool IsHeaderValue(string value) => value.All(c => c is '\t' or (>= ' ' and <= '~'));

    public static void ThrowIfInvalid(FakeRule rule)
    {
        var problems = Problems(rule);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid rule: " + string.Join("; ", problems.Select(p => $"{p.Property} {p.Message}")), nameof(rule));
        }
    }

    private static bool MatchesCreate(FakeRule rule) =>
        (rule.Method is null || Wildcard.IsMatch(rule.Method, "POST"))
        && (rule.Path is null || Wildcard.IsMatch(RuleSet.NormalizePath(rule.Path), "/api/v1/inboxes"));

    private static bool IsJson(string json)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(json);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
