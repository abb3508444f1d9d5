using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>What the fake received, read the way a test thinks: calls, inboxes created, failures, calls without valid auth.</summary>
public sealed class FakeJournal
{
    private readonly Journal.CallJournal _journal;
    private readonly object? _accountTag;

    internal FakeJournal(Journal.CallJournal journal, object? accountTag)
    {
        _journal = journal;
        _accountTag = accountTag;
    }

    /// <summary>Every kept call, oldest first (the journal keeps the last <see cref="DeepLeadFakeOptions.JournalCapacity"/>).</summary>
    public IReadOnlyList<FakeCall> Calls => _journal.Snapshot(_accountTag);

    /// <summary>Calls answered with an error status or a broken connection.</summary>
    public IReadOnlyList<FakeCall> FailedCalls => [.. Calls.Where(c => c.Status >= 400 || c.Fault is not null)];

    /// <summary>Calls refused for a missing, malformed or unknown key (401).</summary>
    public IReadOnlyList<FakeCall> UnauthorizedCalls => [.. Calls.Where(c => c.Status == 401 && c.Fault is null)];

    /// <summary>Calls a rule forced (answered, delayed or broke).</summary>
    public IReadOnlyList<FakeCall> ForcedCalls => [.. Calls.Where(c => c.ForcedBy is not null)];

    /// <summary>The calls with this method and a path ending in <paramref name="pathSuffix"/> (e.g. <c>"/inboxes"</c>).</summary>
    public IReadOnlyList<FakeCall> CallsTo(string method, string pathSuffix) =>
        [.. Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && c.Path.EndsWith(pathSuffix, StringComparison.Ordinal))];

    /// <summary>Every inbox the API reported as created, in order, with the pool it went to.</summary>
    public IReadOnlyList<JournalCreatedInbox> CreatedInboxes => [.. CreateResults().Where(r => r.Created).Select(r => new JournalCreatedInbox(r.EmailAddress!, r.InboxId!, r.PoolId, r.Call))];

    /// <summary>Every create item that failed, single or in a batch, with the reason the API gave.</summary>
    public IReadOnlyList<JournalFailedItem> FailedItems => [.. CreateResults().Where(r => !r.Created).Select(r => new JournalFailedItem(r.EmailAddress, r.Error!, r.Status, r.Call))];

    private IEnumerable<(bool Created, string? EmailAddress, string? InboxId, string? PoolId, string? Error, int Status, FakeCall Call)> CreateResults()
    {
        foreach (var call in CallsTo("POST", "/api/v1/inboxes"))
        {
            if (call.ResponseJson() is not { ValueKind: JsonValueKind.Object } body)
            {
                continue;
            }
            if (body.TryGetProperty("results", out var results))
            {
                var autoPool = body.TryGetProperty("autoCreatedPool", out var pool) ? pool.GetProperty("id").GetString() : null;
                var requested = RequestedPools(call);
                var index = 0;
                foreach (var result in results.EnumerateArray())
                {
                    var email = result.TryGetProperty("emailAddress", out var e) ? e.GetString() : null;
                    if (result.GetProperty("success").GetBoolean())
                    {
                        yield return (true, email, result.GetProperty("inboxId").GetString(), requested.ElementAtOrDefault(index) ?? autoPool, null, 200, call);
                    }
                    else
                    {
                        yield return (false, email, null, null, result.GetProperty("error").GetString(), 200, call);
                    }
                    index++;
                }
            }
            else if (body.TryGetProperty("error", out var error) && call.Status != 401 && call.Status != 403)
            {
                yield return (false, SingleEmail(call), null, null, error.GetString(), call.Status, call);
            }
        }
    }

    private static List<string?> RequestedPools(FakeCall call)
    {
        var pools = new List<string?>();
        if (call.RequestBody is null || !call.RequestBody.StartsWith('[') && !call.RequestBody.StartsWith('{'))
        {
            return pools;
        }
        using var document = JsonDocument.Parse(call.RequestBody);
        var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        foreach (var item in items)
        {
            pools.Add(item.ValueKind == JsonValueKind.Object && item.TryGetProperty("poolId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!.ToLowerInvariant() : null);
        }
        return pools;
    }

    private static string? SingleEmail(FakeCall call)
    {
        if (call.RequestBody is null || !call.RequestBody.StartsWith('{'))
        {
            return null;
        }
        using var document = JsonDocument.Parse(call.RequestBody);
        return document.RootElement.TryGetProperty("emailAddress", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}

/// <summary>An inbox the fake created: its address, id, pool, and the call that created it.</summary>
public sealed record JournalCreatedInbox(string EmailAddress, string InboxId, string? PoolId, FakeCall Call);

/// <summary>A create item that failed: its address (when it had one), the API's reason and status, and the call.</summary>
public sealed record JournalFailedItem(string? EmailAddress, string Error, int Status, FakeCall Call);
