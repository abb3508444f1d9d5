namespace DeepLead.Fakes.Api;

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
    /// <summary>The bearer key, or null when the header is missing or uses another scheme.</summary>
    public string? BearerKey =>
        Authorization is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
}

/// <summary>A status and a UTF-8 JSON body; or a broken connection when <see cref="Fault"/> is set.</summary>
internal readonly record struct ApiResponse(int StatusCode, byte[] Body)
{
    public const string ContentType = "application/json; charset=utf-8";

    public FakeFault? Fault { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>What the fake ignored in the request (unknown names, empty values): sent as a header, journaled and logged.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The <c>error</c> of an answer in the documented error shape, as written; null for any other answer.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The items of a create as the endpoint decided them (typed, for the journal); null for other answers.</summary>
    public IReadOnlyList<Journal.JournalCreateItem>? CreateItems { get; init; }

    /// <summary>What the answer showed beyond its status, for coverage reports.</summary>
    public Coverage.ResponseFacts Facts { get; init; }
}
