using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// HTTP/1.1 over a bare socket: the request target goes out byte for byte (HttpClient would resolve <c>%2e%2e</c> and
/// collapse nothing, but rewrite some targets), so a test states exactly what a client on the wire sent.
/// </summary>
internal static class RawHttp
{
    internal sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public override string ToString() => $"{Status} {(Headers.TryGetValue("content-type", out var type) ? type : "(no type)")} {Body}";
    }

    public static async Task<Answer> SendAsync(Uri root, string method, string target, string? authorization = null, string? json = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(root.Host, root.Port, StubProcess.Ct);
        await using var stream = tcp.GetStream();
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(root.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        if (authorization is not null)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }
        if (json is not null)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), StubProcess.Ct);
        await stream.WriteAsync(body, StubProcess.Ct);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, StubProcess.Ct);
        return Parse(received.ToArray());
    }

    /// <summary>Whatever bytes a broken client sends (<c>{host}</c> is replaced by the server's authority).</summary>
    public static async Task<Answer> SendRawAsync(Uri root, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(root.Host, root.Port, StubProcess.Ct);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("{host}", root.Authority, StringComparison.Ordinal)), StubProcess.Ct);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, StubProcess.Ct);
        return Parse(received.ToArray());
    }

    private static Answer Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"not an HTTP response: {text}");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .GroupBy(p => p[0].Trim().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p[1].Trim())));
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToString();
            }
            result.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /// <summary>
    /// Problems with an answer that must be in the documented error shape: <c>{"error": "...", "details": [{field, message}]}</c>,
    /// JSON, nothing else in it, and no trace of another library (WireMock.Net's <c>Status</c>, a stack trace).
    /// </summary>
    public static IEnumerable<string> ShapeProblems(Answer answer)
    {
        if (!answer.Headers.TryGetValue("content-type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            yield return "not application/json";
        }
        if (answer.Body.Contains("No matching mapping", StringComparison.Ordinal) || answer.Body.Contains("Exception", StringComparison.Ordinal) || answer.Body.Contains("   at ", StringComparison.Ordinal))
        {
            yield return "another library's answer";
        }
        JsonElement json;
        try
        {
            json = StubHttp.Parse(answer.Body);
        }
        catch (JsonException)
        {
            json = default;
        }
        if (json.ValueKind == JsonValueKind.Undefined)
        {
            yield return "not JSON";
            yield break;
        }
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String || error.GetString()!.Length == 0)
        {
            yield return "no \"error\" string";
            yield break;
        }
        foreach (var property in json.EnumerateObject().Where(p => p.Name is not ("error" or "details")))
        {
            yield return $"unexpected property \"{property.Name}\"";
        }
        if (json.TryGetProperty("details", out var details)
            && (details.ValueKind != JsonValueKind.Array || details.GetArrayLength() == 0 || details.EnumerateArray().Any(d =>
                d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String
                || !d.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)))
        {
            yield return "\"details\" is not a non-empty array of {field, message}";
        }
    }
}
