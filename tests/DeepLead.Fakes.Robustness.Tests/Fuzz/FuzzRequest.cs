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
    /// <summary>
    /// True for every path outside WireMock.Net's admin API and the stub's <c>/openapi.json</c>: unknown paths, paths that
    /// normalize outside the prefix, encoded garbage all owe the documented error shape too, over the port as in memory.
    /// </summary>
    public bool OwesDocumentedShape
    {
        get
        {
            var path = PathAndQuery.Split('?')[0];
            return !path.StartsWith("/__admin", StringComparison.OrdinalIgnoreCase) && path != "/openapi.json";
        }
    }

    /// <summary>
    /// Over a socket (a loopback root), the request's URI as generated: no dot-segment removal, no unescaping (<c>%2e%2e</c>
    /// goes out as is); only characters that cannot stand in a request line (spaces, non-ASCII) are percent-encoded, as
    /// any client would. In memory, the usual URI: TestHost reads the path through an API such a URI refuses.
    /// </summary>
    public static Uri Target(Uri root, string pathAndQuery) => root.IsLoopback
        ? new(root.GetLeftPart(UriPartial.Authority) + OnTheWire(pathAndQuery), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })
        : new(root.GetLeftPart(UriPartial.Authority) + pathAndQuery);

    /// <summary>The request target as it goes out over a socket: what cannot stand in a request line percent-encoded, nothing else touched.</summary>
    public static string OnTheWire(string pathAndQuery)
    {
        var target = new StringBuilder(pathAndQuery.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in pathAndQuery.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-._~!$&'()*+,;=:@/?%[]".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                target.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                target.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return target.ToString();
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
