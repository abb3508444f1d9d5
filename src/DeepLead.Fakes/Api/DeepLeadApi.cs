using DeepLead.Fakes.Api.Inboxes;
using DeepLead.Fakes.Api.Pools;

namespace DeepLead.Fakes.Api;

/// <summary>
/// The documented API as plain C#: a request in, a status and a JSON body out. Every transport hands requests
/// here unchanged, so the rules live in one place.
/// </summary>
internal sealed class DeepLeadApi(ApiKeyRegistry keys, ApiSettings settings, TimeProvider time)
{
    public const string PathPrefix = "/api/v1";

    public ApiKeyRegistry Keys { get; } = keys;

    public ApiResponse Handle(ApiRequest request)
    {
        try
        {
            return Route(request);
        }
#pragma warning disable CA1031 // The documented 500 shape is the contract for any fault; the fault itself is not the caller's business.
        catch (Exception)
#pragma warning restore CA1031
        {
            return ErrorResponses.Create(500, "Internal server error");
        }
    }

    private ApiResponse Route(ApiRequest request)
    {
        var endpoint = FindEndpoint(request.Method, request.Path);
        if (endpoint is null)
        {
            return ErrorResponses.Create(404, $"Not found: {request.Method} {request.Path}");
        }

        var grant = Authenticate(request.Authorization, out var unauthorized);
        if (grant is null)
        {
            return unauthorized!.Value;
        }
        if (!grant.Allows(endpoint.Permission))
        {
            return ErrorResponses.Create(403, $"API key lacks required permission: {endpoint.Permission}");
        }

        if (!QueryString.TryParse(request.RawQuery, out var query, out var queryError))
        {
            return ErrorResponses.BadRequest([queryError]);
        }

        return endpoint.Kind switch
        {
            EndpointKind.ListPools => ListPools.Handle(grant.Store, query),
            EndpointKind.ListInboxes => ListInboxes.Handle(grant.Store, query, settings),
            EndpointKind.CreateInboxes => query.Count > 0
                ? ErrorResponses.BadRequest(query.Keys.Select(k => new FieldError(k, "is not a parameter of this endpoint")).ToArray())
                : CreateInboxes.Handle(grant.Store, request, settings, time.GetUtcNow()),
            _ => ErrorResponses.Create(404, "Not found"),
        };
    }

    private ApiKeyGrant? Authenticate(string? authorization, out ApiResponse? unauthorized)
    {
        unauthorized = null;
        if (string.IsNullOrWhiteSpace(authorization))
        {
            unauthorized = ErrorResponses.Create(401, "Missing API key: send 'Authorization: Bearer <key>'");
            return null;
        }
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            unauthorized = ErrorResponses.Create(401, "Invalid authorization scheme: use 'Authorization: Bearer <key>'");
            return null;
        }
        var grant = Keys.Find(authorization[scheme.Length..].Trim());
        if (grant is null)
        {
            unauthorized = ErrorResponses.Create(401, "Invalid API key");
        }
        return grant;
    }

    private enum EndpointKind
    {
        ListPools,
        ListInboxes,
        CreateInboxes,
    }

    private sealed record Endpoint(EndpointKind Kind, string Permission);

    private static readonly Endpoint PoolsList = new(EndpointKind.ListPools, Permissions.PoolsRead);
    private static readonly Endpoint InboxesList = new(EndpointKind.ListInboxes, Permissions.InboxesRead);
    private static readonly Endpoint InboxesCreate = new(EndpointKind.CreateInboxes, Permissions.InboxesWrite);

    private static Endpoint? FindEndpoint(string method, string path)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var route = path.AsSpan(PathPrefix.Length);
        if (route.SequenceEqual("/pools"))
        {
            return method == "GET" ? PoolsList : null;
        }
        if (route.SequenceEqual("/inboxes"))
        {
            return method switch
            {
                "GET" => InboxesList,
                "POST" => InboxesCreate,
                _ => null,
            };
        }
        return null;
    }
}
