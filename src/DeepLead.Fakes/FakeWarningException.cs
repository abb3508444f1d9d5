namespace DeepLead.Fakes;

/// <summary>
/// Thrown by the fake's clients when <see cref="DeepLeadFakeOptions.FailOnWarnings"/> is on and an answer says the fake
/// ignored part of the request: an unknown field or query parameter, or an empty query value.
/// </summary>
public sealed class FakeWarningException : Exception
{
    // Thrown by the fake and its fixtures, never by users: only the message constructor is public (for the fixtures).
    public FakeWarningException(string message)
        : base(message)
    {
    }

    internal FakeWarningException(string method, string path, string warnings)
        : base($"The DeepLead fake ignored part of {method} {path}: {warnings}. Fix the request, or leave FailOnWarnings off.")
    {
        Warnings = warnings;
    }

    /// <summary>The header's value: what was ignored.</summary>
    public string? Warnings { get; }
}

/// <summary>Turns an answer carrying the warning header into a <see cref="FakeWarningException"/> at the call that caused it.</summary>
internal sealed class FailOnWarningHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues(Protocol.FakeWarnings.Header, out var values))
        {
            var warnings = string.Join(", ", values);
            response.Dispose();
            throw new FakeWarningException(request.Method.Method, request.RequestUri?.PathAndQuery ?? "?", warnings);
        }
        return response;
    }
}
