using System.Globalization;
using System.Text.Json;

namespace DeepLead.Fakes.Robustness.Tests.Support;

/// <summary>What a response must look like per the documentation and the decisions in docs/behaviour.md: exactly the documented fields.</summary>
internal static class Contract
{
    public enum Endpoint
    {
        ListPools,
        ListInboxes,
        CreateInboxes,
        Other,
    }

    private static readonly string[] Statuses = ["active", "paused", "deactivated", "error"];
    private static readonly string[] HostFields = ["imapHost", "imapPort", "smtpHost", "smtpPort"];

    /// <summary>The endpoint a method and path reach (relative to the API root, without the query), per the documentation.</summary>
    public static Endpoint EndpointOf(string method, string path) => (method, path) switch
    {
        ("GET", "/api/v1/pools") => Endpoint.ListPools,
        ("GET", "/api/v1/inboxes") => Endpoint.ListInboxes,
        ("POST", "/api/v1/inboxes") => Endpoint.CreateInboxes,
        _ => Endpoint.Other,
    };

    /// <summary>Every way the exchange departs from the documented shape; empty when it conforms.</summary>
    public static List<string> Problems(Exchange exchange, Endpoint endpoint)
    {
        var problems = new List<string>();
        if (exchange.MediaType != "application/json")
        {
            problems.Add($"Content-Type is '{exchange.MediaType}', not application/json");
        }
        JsonElement body;
        try
        {
            body = exchange.Json();
        }
        catch (JsonException exception)
        {
            problems.Add($"body is not JSON: {exception.Message}");
            return problems;
        }
        if (exchange.Status >= 400)
        {
            ErrorShape(body, exchange.Status, problems);
        }
        else if (exchange.Status != 200)
        {
            problems.Add($"status {exchange.Status} is neither 200 nor a documented error");
        }
        else
        {
            switch (endpoint)
            {
                case Endpoint.ListPools:
                    PoolList(body, problems);
                    break;
                case Endpoint.ListInboxes:
                    InboxList(body, problems);
                    break;
                case Endpoint.CreateInboxes:
                    CreateResult(body, problems);
                    break;
                default:
                    problems.Add("200 from a path that is not a documented endpoint");
                    break;
            }
        }
        return problems;
    }

    public static void AssertConforms(Exchange exchange, Endpoint endpoint, string context)
    {
        var problems = Problems(exchange, endpoint);
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"{context}: response departs from the documented shape: {string.Join("; ", problems)}\nresponse: {exchange}");
        }
    }

    public static void ErrorShape(JsonElement body, int status, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("error body is not an object");
            return;
        }
        Fields(body, ["error"], ["details"], "error", problems);
        if (!body.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(error.GetString()))
        {
            problems.Add("error.error is not a non-empty string");
        }
        if (body.TryGetProperty("details", out var details))
        {
            if (status != 400)
            {
                problems.Add($"details on a {status} (only validation errors carry details)");
            }
            if (details.ValueKind != JsonValueKind.Array || details.GetArrayLength() == 0)
            {
                problems.Add("details is not a non-empty array");
                return;
            }
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object)
                {
                    problems.Add("a detail is not an object");
                    continue;
                }
                Fields(detail, ["field", "message"], [], "detail", problems);
                // A field may be named "" (a JSON property or query parameter with an empty name is reported as such).
                if (!detail.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String)
                {
                    problems.Add("detail.field is not a string");
                }
                if (!detail.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(message.GetString()))
                {
                    problems.Add("detail.message is not a non-empty string");
                }
            }
        }
    }

    private static void PoolList(JsonElement body, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("pools body is not an object");
            return;
        }
        Fields(body, ["pools"], [], "pools body", problems);
        if (!body.TryGetProperty("pools", out var pools) || pools.ValueKind != JsonValueKind.Array)
        {
            problems.Add("pools is not an array");
            return;
        }
        foreach (var pool in pools.EnumerateArray())
        {
            Pool(pool, problems);
        }
    }

    public static void Pool(JsonElement pool, List<string> problems)
    {
        if (pool.ValueKind != JsonValueKind.Object)
        {
            problems.Add("a pool is not an object");
            return;
        }
        Fields(pool, ["id", "name", "inboxCount", "createdAt"], [], "pool", problems);
        Id(pool, "id", "pool", problems);
        NonEmptyString(pool, "name", "pool", problems);
        Integer(pool, "inboxCount", 0, "pool", problems);
        Timestamp(pool, "createdAt", "pool", problems);
    }

    private static void InboxList(JsonElement body, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("inboxes body is not an object");
            return;
        }
        Fields(body, ["inboxes", "pagination"], [], "inboxes body", problems);
        if (!body.TryGetProperty("inboxes", out var inboxes) || inboxes.ValueKind != JsonValueKind.Array)
        {
            problems.Add("inboxes is not an array");
            return;
        }
        foreach (var inbox in inboxes.EnumerateArray())
        {
            Inbox(inbox, problems);
        }
        if (!body.TryGetProperty("pagination", out var pagination) || pagination.ValueKind != JsonValueKind.Object)
        {
            problems.Add("pagination is not an object");
            return;
        }
        Fields(pagination, ["total", "limit", "skip", "hasMore"], [], "pagination", problems);
        var total = Integer(pagination, "total", 0, "pagination", problems);
        var limit = Integer(pagination, "limit", 1, "pagination", problems);
        var skip = Integer(pagination, "skip", 0, "pagination", problems);
        if (!pagination.TryGetProperty("hasMore", out var hasMore) || hasMore.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("pagination.hasMore is not a boolean");
            return;
        }
        var count = inboxes.GetArrayLength();
        if (limit is { } l && count > l)
        {
            problems.Add($"{count} inboxes on a page of limit {l}");
        }
        if (total is { } t && skip is { } s)
        {
            var expectedCount = (int)Math.Max(0, Math.Min(limit ?? count, t - s));
            if (count != expectedCount)
            {
                problems.Add($"{count} inboxes returned, expected min(limit, total - skip) = {expectedCount}");
            }
            if (hasMore.GetBoolean() != (s + count < t))
            {
                problems.Add($"hasMore is {hasMore.GetBoolean()} with skip {s}, {count} returned, total {t}");
            }
        }
    }

    public static void Inbox(JsonElement inbox, List<string> problems)
    {
        if (inbox.ValueKind != JsonValueKind.Object)
        {
            problems.Add("an inbox is not an object");
            return;
        }
        Fields(inbox, ["id", "emailAddress", "poolId", "status", "dailySendingLimit", "createdAt"], [], "inbox", problems);
        Id(inbox, "id", "inbox", problems);
        NonEmptyString(inbox, "emailAddress", "inbox", problems);
        Id(inbox, "poolId", "inbox", problems);
        if (!inbox.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || !Statuses.Contains(status.GetString()))
        {
            problems.Add("inbox.status is not one of the documented statuses");
        }
        Integer(inbox, "dailySendingLimit", 1, "inbox", problems);
        Timestamp(inbox, "createdAt", "inbox", problems);
    }

    private static void CreateResult(JsonElement body, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("create body is not an object");
            return;
        }
        Fields(body, ["success", "summary", "results"], ["autoCreatedPool"], "create body", problems);
        if (!body.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("success is not a boolean");
            return;
        }
        if (!body.TryGetProperty("summary", out var summary) || summary.ValueKind != JsonValueKind.Object)
        {
            problems.Add("summary is not an object");
            return;
        }
        Fields(summary, ["total", "created", "failed"], [], "summary", problems);
        var total = Integer(summary, "total", 1, "summary", problems);
        var created = Integer(summary, "created", 0, "summary", problems);
        var failed = Integer(summary, "failed", 0, "summary", problems);
        if (!body.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            problems.Add("results is not an array");
            return;
        }
        var ok = 0;
        foreach (var result in results.EnumerateArray())
        {
            if (result.ValueKind != JsonValueKind.Object)
            {
                problems.Add("a result is not an object");
                continue;
            }
            // On every result, as the documentation shows it: the string given, or null when the item gave none.
            if (!result.TryGetProperty("emailAddress", out var email) || email.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                problems.Add("result.emailAddress is missing or neither a string nor null");
            }
            if (!result.TryGetProperty("success", out var itemSuccess) || itemSuccess.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add("result.success is not a boolean");
                continue;
            }
            if (itemSuccess.GetBoolean())
            {
                ok++;
                Fields(result, ["emailAddress", "success", "inboxId"], ["autoFilledFields"], "created result", problems, nullable: "emailAddress");
                Id(result, "inboxId", "result", problems);
                if (result.TryGetProperty("autoFilledFields", out var filled))
                {
                    if (filled.ValueKind != JsonValueKind.Array || filled.GetArrayLength() == 0
                        || filled.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String || !HostFields.Contains(f.GetString())))
                    {
                        problems.Add("autoFilledFields is not a non-empty array of host and port field names");
                    }
                }
            }
            else
            {
                Fields(result, ["emailAddress", "success", "error"], [], "failed result", problems, nullable: "emailAddress");
                NonEmptyString(result, "error", "failed result", problems);
            }
        }
        if (total != results.GetArrayLength())
        {
            problems.Add($"summary.total {total} but {results.GetArrayLength()} results");
        }
        if (created != ok || failed != results.GetArrayLength() - ok)
        {
            problems.Add($"summary created/failed {created}/{failed} but {ok} of {results.GetArrayLength()} results succeeded");
        }
        if (success.GetBoolean() != (ok == results.GetArrayLength()))
        {
            problems.Add($"success is {success.GetBoolean()} with {ok} of {results.GetArrayLength()} created");
        }
        if (body.TryGetProperty("autoCreatedPool", out var autoPool))
        {
            if (autoPool.ValueKind != JsonValueKind.Object)
            {
                problems.Add("autoCreatedPool is not an object");
            }
            else
            {
                Fields(autoPool, ["id", "name"], [], "autoCreatedPool", problems);
                Id(autoPool, "id", "autoCreatedPool", problems);
                NonEmptyString(autoPool, "name", "autoCreatedPool", problems);
            }
            if (ok == 0)
            {
                problems.Add("autoCreatedPool with no inbox created");
            }
        }
    }

    private static void Fields(JsonElement element, string[] required, string[] optional, string what, List<string> problems, string? nullable = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                problems.Add($"{what} has '{property.Name}' twice");
            }
            if (!required.Contains(property.Name) && !optional.Contains(property.Name))
            {
                problems.Add($"{what} has an undocumented field '{property.Name}'");
            }
            if (property.Value.ValueKind == JsonValueKind.Null && property.Name != nullable)
            {
                problems.Add($"{what}.{property.Name} is null (optional fields are omitted, never null)");
            }
        }
        foreach (var name in required)
        {
            if (!seen.Contains(name))
            {
                problems.Add($"{what} lacks '{name}'");
            }
        }
    }

    private static void Id(JsonElement element, string name, string what, List<string> problems)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || !IsId(value.GetString()))
        {
            problems.Add($"{what}.{name} is not 24 lowercase hex characters");
        }
    }

    public static bool IsId(string? id) => id is { Length: 24 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static void NonEmptyString(JsonElement element, string name, string what, List<string> problems)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            problems.Add($"{what}.{name} is not a non-empty string");
        }
    }

    private static long? Integer(JsonElement element, string name, long min, string what, List<string> problems)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min)
        {
            problems.Add($"{what}.{name} is not an integer ≥ {min}");
            return null;
        }
        return number;
    }

    private static void Timestamp(JsonElement element, string name, string what, List<string> problems)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String
            || !DateTime.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
        {
            problems.Add($"{what}.{name} is not a UTC timestamp in whole seconds ending in Z");
        }
    }
}
