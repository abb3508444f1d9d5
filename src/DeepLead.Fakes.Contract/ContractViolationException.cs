using System.Text;

namespace DeepLead.Fakes.Contract;

/// <summary>
/// A response that differs from the DeepLead contract. The message names the endpoint, the status, and every
/// difference with its JSON pointer, what the contract expects and what was seen:
/// <code>
/// DeepLead API response does not match the contract: GET /pools answered 200 (request: GET /api/v1/pools)
///   1. missing field at /pools/0/inboxCount (Pool): expected integer &gt;= 0, seen nothing
///   2. unexpected field at /pools/0/color (Pool): expected no such field (...), seen string "blue"
/// </code>
/// </summary>
public sealed class ContractViolationException : Exception
{
    public ContractViolationException()
        : this("The DeepLead API response does not match the contract.")
    {
    }

    public ContractViolationException(string message)
        : base(message)
    {
        Method = "";
        RequestPath = "";
        Drifts = [];
    }

    public ContractViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "";
        RequestPath = "";
        Drifts = [];
    }

    public ContractViolationException(string method, string requestPath, ContractOperation? operation, int statusCode, IReadOnlyList<ContractDrift> drifts, string? body)
        : base(Describe(method, requestPath, operation, statusCode, drifts, body))
    {
        Method = method;
        RequestPath = requestPath;
        Operation = operation;
        StatusCode = statusCode;
        Drifts = drifts;
        Body = body;
    }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The request's path (and query), as sent.</summary>
    public string RequestPath { get; }

    /// <summary>The documented operation the request matched, if any.</summary>
    public ContractOperation? Operation { get; }

    /// <summary>The response's status code.</summary>
    public int StatusCode { get; }

    /// <summary>Every difference found.</summary>
    public IReadOnlyList<ContractDrift> Drifts { get; }

    /// <summary>The response body as received (text), if any.</summary>
    public string? Body { get; }

    private const int BodyExcerptLength = 600;
    private const int MaxListedDrifts = 30;

    private static string Describe(string method, string requestPath, ContractOperation? operation, int statusCode, IReadOnlyList<ContractDrift> drifts, string? body)
    {
        var text = new StringBuilder();
        var endpoint = operation is null ? $"{method} {requestPath}" : operation.ToString();
        text.Append("DeepLead API response does not match the contract: ")
            .Append(endpoint).Append(" answered ").Append(statusCode)
            .Append(" (request: ").Append(method).Append(' ').Append(requestPath).Append(')')
            .Append(", ").Append(drifts.Count).Append(drifts.Count == 1 ? " difference:" : " differences:");
        for (var i = 0; i < Math.Min(drifts.Count, MaxListedDrifts); i++)
        {
            text.AppendLine().Append("  ").Append(i + 1).Append(". ").Append(drifts[i]);
        }
        if (drifts.Count > MaxListedDrifts)
        {
            text.AppendLine().Append("  ... and ").Append(drifts.Count - MaxListedDrifts).Append(" more (see Drifts)");
        }
        if (!string.IsNullOrEmpty(body))
        {
            text.AppendLine().Append("  body: ")
                .Append(body.Length > BodyExcerptLength ? string.Concat(body.AsSpan(0, BodyExcerptLength), "...") : body);
        }
        return text.ToString();
    }
}
