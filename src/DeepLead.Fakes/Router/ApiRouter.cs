using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.Endpoints;
using DeepLead.Fakes.World;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Router;

/// <summary>A documented operation: the permission it needs and the query parameters the documentation gives it.</summary>
internal sealed record Route(string Operation, string Permission, IReadOnlySet<string> Parameters);

/// <summary>What an endpoint is given: the caller's data, the request, its query as the policy let it through, and the world's settings.</summary>
internal readonly record struct EndpointCall(
    FakeStore Store,
    ApiRequest Request,
    IReadOnlyDictionary<string, string> Query,
    List<FieldError> QueryErrors,
    ApiSettings Settings,
    TimeProvider Time,
    Func<int, ValueTask>? ConnectionTests,
    IItemRules? ItemRules);

/// <summary>Finds the documented operation for a method and path, and runs its endpoint.</summary>
internal static class ApiRouter
{
    public static readonly Route ListPools = new("GET /pools", Permissions.PoolsRead, new HashSet<string>());
    public static readonly Route ListInboxes = new("GET /inboxes", Permissions.InboxesRead, Endpoints.ListInboxes.Parameters);
    public static readonly Route CreateInboxes = new("POST /inboxes", Permissions.InboxesWrite, new HashSet<string>());

    /// <summary>The route, or null for a path or method the API does not have (which answers 404).</summary>
    public static Route? Find(string method, string path)
    {
        if (!path.StartsWith(ApiPaths.Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var route = path.AsSpan(ApiPaths.Prefix.Length);
        if (route.SequenceEqual("/pools"))
        {
            return method == "GET" ? ListPools : null;
        }
        if (route.SequenceEqual("/inboxes"))
        {
            return method switch
            {
                "GET" => ListInboxes,
                "POST" => CreateInboxes,
                _ => null,
            };
        }
        return null;
    }

    public static async ValueTask<ApiOutcome> InvokeAsync(Route route, EndpointCall call)
    {
        if (route == ListInboxes)
        {
            // Reads its own parameters after the policy's errors, so one answer lists every problem.
            return Endpoints.ListInboxes.Handle(call.Store, call.Query, call.Settings, call.QueryErrors);
        }
        if (call.QueryErrors.Count > 0)
        {
            return ApiError.BadRequest(call.QueryErrors);
        }
        if (route == ListPools)
        {
            return Endpoints.ListPools.Handle(call.Store);
        }
        return await Endpoints.CreateInboxes.HandleAsync(call.Store, call.Request, call.Settings, call.Time, call.ConnectionTests, call.ItemRules).ConfigureAwait(false);
    }
}
