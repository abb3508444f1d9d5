using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLead.Fakes;

/// <summary>
/// A description of calls for the stub's <c>POST /__admin/deeplead/verify</c> (<see cref="DeepLeadStubClient.VerifyAsync"/>):
/// the same as the engine's <c>FakeCallMatch</c> in process. Values are compared exactly.
/// </summary>
/// <param name="method">The HTTP method.</param>
/// <param name="path">Relative to the API (<c>/inboxes</c>) or absolute.</param>
public sealed class StubCallMatch(string method, string path)
{
    [JsonPropertyName("method")]
    public string Method { get; } = method ?? throw new ArgumentNullException(nameof(method));

    [JsonPropertyName("path")]
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>Body fields and values (a non-string value as its JSON text); for a batch, one item must have them all.</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>Query parameters and values, as decoded.</summary>
    [JsonPropertyName("query")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Query { get; init; }

    /// <summary>The bearer key the call was made with.</summary>
    [JsonPropertyName("apiKey")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiKey { get; init; }

    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }
}

/// <summary>A verification the stub refused (417): its message shows what was expected and the closest calls.</summary>
public sealed class DeepLeadStubVerificationException : Exception
{
    public DeepLeadStubVerificationException()
        : this("A verification of the stub's journal failed.")
    {
    }

    public DeepLeadStubVerificationException(string message)
        : base(message)
    {
    }

    public DeepLeadStubVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DeepLeadStubVerificationException(string message, int matching, IReadOnlyList<StubNearMiss> closest)
        : base(message)
    {
        Matching = matching;
        Closest = closest;
    }

    /// <summary>How many calls matched.</summary>
    public int Matching { get; }

    /// <summary>The calls nearest to the description, closest first.</summary>
    public IReadOnlyList<StubNearMiss> Closest { get; } = [];

    internal static DeepLeadStubVerificationException From(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var closest = root.TryGetProperty("closest", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => new StubNearMiss(
                c.GetProperty("sequence").GetInt64(),
                c.GetProperty("method").GetString()!,
                c.GetProperty("path").GetString()!,
                c.GetProperty("query").GetString()!,
                c.GetProperty("status").GetInt32(),
                [.. c.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!)])).ToList()
            : [];
        return new DeepLeadStubVerificationException(root.GetProperty("error").GetString()!, root.TryGetProperty("matching", out var m) ? m.GetInt32() : 0, closest);
    }
}

/// <summary>A call the stub found near a description, with each way it differs.</summary>
public sealed class StubNearMiss
{
    internal StubNearMiss(long sequence, string method, string path, string query, int status, IReadOnlyList<string> differences)
    {
        (Sequence, Method, Path, Query, Status, Differences) = (sequence, method, path, query, status, differences);
    }

    /// <summary>The call's number in the stub's journal.</summary>
    public long Sequence { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>The raw query without '?', or empty.</summary>
    public string Query { get; }

    public int Status { get; }

    /// <summary>Each way the call differs (<c>status: expected 200, was 409</c>).</summary>
    public IReadOnlyList<string> Differences { get; }
}
