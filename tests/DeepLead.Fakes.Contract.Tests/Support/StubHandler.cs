using System.Net;
using System.Text;

namespace DeepLead.Fakes.Contract.Tests.Support;

/// <summary>An inner handler that answers every request with handcrafted responses, chosen by method and path.</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, (int Status, string? ContentType, string Body)> _respond;

    public StubHandler(int status, string body, string? contentType = "application/json")
        : this(_ => (status, contentType, body))
    {
    }

    public StubHandler(Func<HttpRequestMessage, (int Status, string? ContentType, string Body)> respond) => _respond = respond;

    public List<string> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add($"{request.Method} {request.RequestUri?.PathAndQuery}");
        var (status, contentType, body) = _respond(request);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return new HttpResponseMessage((HttpStatusCode)status) { Content = content, RequestMessage = request };
    }

    /// <summary>A client for <c>http://stub.invalid/api/v1/</c> through the contract validator and this stub (no network).</summary>
    public HttpClient CreateValidatingClient(bool allowUndocumentedOperations = false) =>
        new(new ContractValidatingHandler(DeepLeadContract.Default, this) { AllowUndocumentedOperations = allowUndocumentedOperations })
        {
            BaseAddress = new Uri("http://stub.invalid/api/v1/"),
        };
}
