using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>A scenario layer in force in a stub; <paramref name="Loaded"/> is <c>start</c> (a flag) or <c>admin</c> (uploaded).</summary>
public sealed record StubScenarioLayer(string Name, string Loaded);

/// <summary>An API key as the stub shows it: redacted, with its permissions.</summary>
public sealed record StubApiKey(string Key, IReadOnlyList<string> Permissions);

/// <summary>A pool as the API lists it.</summary>
public sealed record StubPool(string Id, string Name, int InboxCount, DateTimeOffset CreatedAt);

/// <summary>An inbox: the six documented fields, then what the stub stored (of a password only whether one was given).</summary>
public sealed record StubInbox(
    string Id,
    string EmailAddress,
    string PoolId,
    string Status,
    int DailySendingLimit,
    DateTimeOffset CreatedAt,
    string? Provider,
    string? ImapHost,
    int? ImapPort,
    string? SmtpHost,
    int? SmtpPort,
    string? ImapUsername,
    string? SmtpUsername,
    bool HasImapPassword,
    bool HasSmtpPassword,
    bool SkipConnectionTest);

/// <summary>Everything a stub holds; rules in the scenario file's rule format.</summary>
public sealed record StubState(
    IReadOnlyList<StubScenarioLayer> Scenarios,
    IReadOnlyList<StubApiKey> ApiKeys,
    IReadOnlyList<StubPool> Pools,
    IReadOnlyList<StubInbox> Inboxes,
    IReadOnlyList<JsonElement> Rules);

/// <summary>One API call the stub recorded (keys redacted, passwords masked in bodies).</summary>
public sealed record StubCall(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Path,
    string Query,
    string? ApiKey,
    string? RequestBody,
    int Status,
    string? ResponseBody,
    string? ForcedBy,
    string? Fault,
    double DurationMs);

/// <summary>The journal: how many calls it keeps, and the calls asked for, oldest first.</summary>
public sealed record StubJournal(int Capacity, IReadOnlyList<StubCall> Calls);

/// <summary>The stub answered an admin call with something other than its documented success.</summary>
public sealed class DeepLeadStubException : Exception
{
    public DeepLeadStubException(int status, string error, IReadOnlyList<(string Field, string Message)> details)
        : base(details.Count == 0 ? $"{status}: {error}" : $"{status}: {error} ({string.Join("; ", details.Select(d => $"{d.Field}: {d.Message}"))})")
    {
        Status = status;
        Error = error;
        Details = details;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The error shape's <c>error</c>.</summary>
    public string Error { get; }

    /// <summary>The error shape's <c>details</c>: which field (or scenario JSON path) and what is wrong.</summary>
    public IReadOnlyList<(string Field, string Message)> Details { get; }

    internal static DeepLeadStubException From(int status, string request, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var details = root.TryGetProperty("details", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(d => (d.GetProperty("field").GetString() ?? "", d.GetProperty("message").GetString() ?? "")).ToList()
                    : [];
                return new DeepLeadStubException(status, error.GetString()!, details);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // Not the error shape (a proxy's page, say): report the status and the start of the body instead.
        }
        return new DeepLeadStubException(status, $"{request} answered {status}: {(body.Length > 200 ? body[..200] + "…" : body)}", []);
    }
}
