using System.Text.Json.Nodes;

namespace DeepLead.Fakes.Contract;

/// <summary>One documented operation of the contract, e.g. <c>GET /pools</c>.</summary>
public sealed class ContractOperation
{
    internal ContractOperation(string method, string path, string? operationId, IReadOnlyDictionary<int, ContractResponse> responses, JsonNode? requestSchema)
    {
        Method = method;
        Path = path;
        OperationId = operationId;
        Responses = responses;
        RequestSchema = requestSchema;
        Statuses = [.. responses.Keys.Order()];
        _segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private readonly string[] _segments;

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path as the document writes it, relative to the server URL: <c>/pools</c>.</summary>
    public string Path { get; }

    /// <summary>The document's <c>operationId</c>, e.g. <c>listPools</c>.</summary>
    public string? OperationId { get; }

    /// <summary>The status codes the contract lists for this operation, ascending.</summary>
    public IReadOnlyList<int> Statuses { get; }

    internal IReadOnlyDictionary<int, ContractResponse> Responses { get; }

    internal JsonNode? RequestSchema { get; }

    /// <summary>Whether a request path (absolute, e.g. <c>/api/v1/pools</c>, or relative) addresses this operation's path.</summary>
    /// <remarks>The path's trailing segments are compared, so any base path (the fake's, the real server's) matches.</remarks>
    public bool MatchesPath(string requestPath)
    {
        var query = requestPath.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            requestPath = requestPath[..query];
        }
        if (requestPath.Length > 1 && requestPath.EndsWith('/'))
        {
            return false; // "/pools/" is another path than "/pools" (OpenAPI paths are exact).
        }
        var segments = requestPath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < _segments.Length)
        {
            return false;
        }
        var offset = segments.Length - _segments.Length;
        for (var i = 0; i < _segments.Length; i++)
        {
            var expected = _segments[i];
            var isTemplate = expected.StartsWith('{') && expected.EndsWith('}');
            if (!isTemplate && !string.Equals(expected, Uri.UnescapeDataString(segments[offset + i]), StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>GET /pools</c>.</summary>
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>One documented response of an operation: its status, media type and body schema.</summary>
internal sealed record ContractResponse(int Status, string Description, string? MediaType, JsonNode? Schema);
