using System.Net;

namespace DeepLead.Fakes.Samples.Client;

/// <summary>An error answer from the DeepLead API: its status, its <c>error</c> message and, for a 400, the invalid fields.</summary>
public sealed class DeepLeadApiException : Exception
{
    public DeepLeadApiException(HttpStatusCode statusCode, string error, IReadOnlyList<FieldError>? details = null)
        : base($"DeepLead API answered {(int)statusCode} {statusCode}: {error}")
    {
        StatusCode = statusCode;
        Error = error;
        Details = details ?? [];
    }

    public HttpStatusCode StatusCode { get; }

    public string Error { get; }

    public IReadOnlyList<FieldError> Details { get; }

    public bool IsUnauthorized => StatusCode == HttpStatusCode.Unauthorized;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;
}
