namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>
/// The request classes that used to reach WireMock.Net's own code on the port (issue 15): paths that normalize outside
/// the API or nowhere, and queries its parser throws on or reads differently. Every one of them owes the documented
/// shape. Sent byte for byte (<see cref="FuzzRunner"/> turns off the client's path canonicalization).
/// </summary>
internal sealed partial class FuzzGenerator
{
    /// <summary>
    /// Never a path that normalizes into an endpoint: Kestrel (the port) resolves <c>%2e%2e</c> and decodes unreserved
    /// characters, TestHost (in memory) does neither, and both must answer 404 alike.
    /// </summary>
    internal static readonly string[] OddPaths =
    [
        "//api/v1/pools", "//api/v1/inboxes", "///api/v1/pools", "/api//v1/pools", "/api/v1//pools", "/api/v1/pools//",
        "/api/v1/%2e%2e/pools", "/api/v1/%2E%2E/inboxes", "/api/v1/pools/%2e", "/api/v1/pools/%2e%2e", "/api/v1/inboxes/.",
        "/api/v1/%2e%2e/%2e%2e/nothing", "/api/v1/%C0%AE%C0%AE/pools", "/api/v1/..%2Fpools", "/api/v1/pools%2F",
        "/api/v1/pools/", "/api/v1/inboxes/", "/api/v1/", "/api/v1", "/api", "/api/", "/api/v2/inboxes", "/api/v0/pools",
        "/API/V1/pools", "/Api/v1/inboxes", "/api/V1/inboxes", "/api/v1/INBOXES", "/api/v1/Pools",
        "/api/v1/%", "/api/v1/pools%", "/api/v1/pools%2", "/api/v1/%zz", "/api/v1/%ff", "/%zz", "/%",
    ];

    /// <summary>Whole query strings (without the '?'): keys differing only by case, repeated and nameless keys, percent garbage.</summary>
    internal static readonly string[] OddQueries =
    [
        "limit=1&LIMIT=2", "LIMIT=%&limit=%5B%5D", "Limit=5", "skip=0&SKIP=1", "poolId=507f1f77bcf86cd799439011&POOLID=x", "STATUS=active",
        "limit=1&limit=1", "status=active&status=active", "skip=1&skip=2&skip=3", "li%6Dit=5&limit=5",
        "=", "=1", "&=&", "==", "=x&=y", "limit==1", "&&=&&",
        "%", "%%", "%zz", "%E0%A4%A", "limit=%", "limit=%2", "limit=%zz", "%00=1", "limit=%00", "a%=b", "%3D=%3D",
        "limit=1%26limit=2", "limit=1;limit=2", "limit=1;LIMIT=2", ";", ";=;", "limit=%ff%fe",
    ];

    /// <summary>One time in eight, a path from <see cref="OddPaths"/> instead of the regular unknown and outside paths.</summary>
    private static string? OddPath(Random rng) => rng.Next(8) == 0 ? Pick(rng, OddPaths) : null;

    /// <summary>One time in ten, a query from <see cref="OddQueries"/> instead of a generated one.</summary>
    private static string? OddQuery(Random rng) => rng.Next(10) == 0 ? "?" + Pick(rng, OddQueries) : null;

    /// <summary>What the documentation allows for an odd request, by the same rules as a generated one.</summary>
    internal FuzzRequest Odd(int index, string method, string path, string query)
    {
        var allowed = Expected(method, path, query, AuthClass.Full, null, null, BodyClass.Any);
        var authorization = "Bearer " + _keys.Full;
        return new FuzzRequest(index, method, path + query, authorization, null, null, "none", allowed, ServerLimits.RefusalStatus(method, path + query, authorization));
    }
}
