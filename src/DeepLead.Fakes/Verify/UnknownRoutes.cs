using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Verify;

/// <summary>Turns an answer carrying the hint header (an unknown route or wrong method) into a failure at the call that caused it.</summary>
internal sealed class FailOnUnknownRouteHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues(ApiPaths.HintHeader, out var values))
        {
            var hint = string.Join(", ", values);
            response.Dispose();
            throw new FakeVerificationException(
                $"{request.Method.Method} {request.RequestUri?.AbsolutePath ?? "?"} is not an operation of the DeepLead API: {hint} (FailOnUnknownRoutes is on)", 1, []);
        }
        return response;
    }
}
