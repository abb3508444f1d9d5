using System.Globalization;
using System.Text;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Verify
{
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
}

namespace DeepLead.Fakes
{
    public sealed partial class FakeJournal
    {
        /// <summary>Checks that no kept call went to an unknown route or used a wrong method (each answered 404 with a hint).</summary>
        /// <exception cref="FakeVerificationException">Lists each such call with the nearest documented operations.</exception>
        public void VerifyNoUnknownRoutes()
        {
            var unknown = Calls.Where(call => call.Trace is { DecidedBy: Outcomes.DecidedBy.Route }).ToList();
            if (unknown.Count == 0)
            {
                return;
            }
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Expected calls to documented operations only; {unknown.Count} went to an unknown route or used a wrong method:");
            foreach (var call in unknown)
            {
                text.Append("\n  ").Append(global::DeepLead.Fakes.Verify.Verifier.Line(call)).Append(": ").Append(call.Explanation.Hint);
            }
            throw new FakeVerificationException(text.ToString(), unknown.Count, []);
        }
    }
}
