using System.Text;

namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>
/// One generated request, with what the documentation lets it answer and, where it is past the web server's own limits
/// (<see cref="ServerLimits"/>), the status that server refuses it with on the port.
/// </summary>
internal sealed record FuzzRequest(
    int Index,
    string Method,
    string PathAndQuery,
    string? Authorization,
    string? ContentType,
    byte[]? Body,
    string BodyKind,
    int[] Allowed,
    int? ServerRefusal)
{
    /// <summary>True when the path is the API's (/api/v1 or below): there the documented error shape is owed.</summary>
    public bool UnderApi
    {
        get
        {
            var path = PathAndQuery.Split('?')[0];
            return path == "/api/v1" || path.StartsWith("/api/v1/", StringComparison.Ordinal);
        }
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : Body.Length > 300 ? $"{Body.Length} bytes ({BodyKind}): {Preview(Body[..300])}…" : $"{Body.Length} bytes ({BodyKind}): {Preview(Body)}";
        var path = PathAndQuery.Length > 300 ? PathAndQuery[..300] + $"…({PathAndQuery.Length})" : PathAndQuery;
        var auth = Authorization is null ? "none" : Authorization.Length > 60 ? Authorization[..60] + "…" : Authorization;
        var refusal = ServerRefusal is null ? "" : $" (over the port: {ServerRefusal} from the web server)";
        return $"#{Index} {Method} {path} [auth: {auth}] [type: {ContentType ?? "none"}] {body} allowed {string.Join("/", Allowed)}{refusal}";
    }

    private static string Preview(byte[] bytes) => Encoding.UTF8.GetString(bytes).Replace("\n", "\\n", StringComparison.Ordinal);
}
