namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>
/// The limits of the web server under the port transport and the stub (Kestrel's defaults, which WireMock.Net keeps,
/// and WireMock.Net's own header count). A request past one of them is refused by the server itself, before any code
/// of the fake runs, with an empty body: a documented limit of the fake (docs/behaviour.md, "Request size limits"), as a production
/// front end has one. In memory there is no such server, so the fake itself answers.
/// </summary>
internal static class ServerLimits
{
    /// <summary>Kestrel's <c>MaxRequestLineSize</c>: the request line, its CRLF included.</summary>
    public const int MaxRequestLineBytes = 8192;

    /// <summary>Kestrel's <c>MaxRequestHeadersTotalSize</c>.</summary>
    public const int MaxHeadersTotalBytes = 32 * 1024;

    /// <summary>
    /// The status the server answers a request with before the fake sees it, or null when it reaches the fake.
    /// The request line is what the client sends for this target over the port: <see cref="FuzzRequest.OnTheWire"/>.
    /// </summary>
    public static int? RefusalStatus(string method, string pathAndQuery, string? authorization)
    {
        if (RequestLineBytes(method, pathAndQuery) > MaxRequestLineBytes)
        {
            return 414;
        }
        // The generator keeps every other header far below the limit, so the authorization header alone decides.
        return authorization is not null && authorization.Length > MaxHeadersTotalBytes ? 431 : null;
    }

    public static int RequestLineBytes(string method, string pathAndQuery) =>
        method.Length + 1 + FuzzRequest.OnTheWire(pathAndQuery).Length + " HTTP/1.1\r\n".Length;
}
