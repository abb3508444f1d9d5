namespace DeepLead.Fakes.Protocol;

/// <summary>What the core needs of an HTTP request, free of any host's types.</summary>
/// <param name="RawQuery">The query string, with or without its leading '?'.</param>
internal readonly record struct ApiRequest(
    string Method,
    string Path,
    string? RawQuery,
    string? Authorization,
    string? ContentType,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The caller's W3C <c>traceparent</c>, read by transports only while someone listens to the fake's telemetry.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The bearer key, or null when the header is missing or uses another scheme.</summary>
    public string? BearerKey => TryGetBearerKey(out var key) ? key.ToString() : null;

    /// <summary>The bearer key without a string of its own: every call reads it (auth, the journal), and most need no copy.</summary>
    public bool TryGetBearerKey(out ReadOnlySpan<char> key)
    {
        if (Authorization is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header.AsSpan("Bearer ".Length).Trim();
            return true;
        }
        key = default;
        return false;
    }
}

/// <summary>What a transport sends: a status and a UTF-8 JSON body, or a broken connection when <see cref="Fault"/> is set.</summary>
internal readonly record struct ApiResponse(int StatusCode, byte[] Body)
{
    public const string ContentType = "application/json; charset=utf-8";

    public FakeFault? Fault { get; init; }

    /// <summary>The journal's sequence number of the call, sent as <see cref="CallHeader"/>; 0 for an answer outside the pipeline.</summary>
    public long Call { get; init; }

    /// <summary>The header naming the call an answer belongs to: <c>GET /__admin/deeplead/journal/{n}/explain</c> says why it was given.</summary>
    public const string CallHeader = "X-DeepLead-Fake-Call";

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>Names of the API's wire that every layer agrees on.</summary>
internal static class ApiPaths
{
    public const string Prefix = "/api/v1";

    public const string Inboxes = Prefix + "/inboxes";

    /// <summary>The header on every answer a rule forced, naming the rule.</summary>
    public const string ForcedByHeader = "X-DeepLead-Fake-Rule";

    /// <summary>The header on a 404 for an unknown route or method: the nearest documented operations.</summary>
    public const string HintHeader = "X-DeepLead-Fake-Hint";

    /// <summary>The body fields the documentation gives a created inbox: the validator reads them, rules may match on them.</summary>
    public static IReadOnlySet<string> CreateInboxFields { get; } = new HashSet<string>(
    [
        "emailAddress", "poolId", "imapPassword", "smtpPassword", "provider", "imapHost", "imapPort",
        "smtpHost", "smtpPort", "imapUsername", "smtpUsername", "dailySendingLimit", "skipConnectionTest",
    ], StringComparer.Ordinal);
}
