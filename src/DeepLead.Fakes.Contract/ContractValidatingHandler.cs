namespace DeepLead.Fakes.Contract;

/// <summary>
/// Validates every response against the DeepLead contract (by method, path and status) and throws a
/// <see cref="ContractViolationException"/> listing each difference. Put it in front of any client of the API —
/// the fake's or the real server's — to catch drift the moment it reaches the wire:
/// <code>
/// using var client = new HttpClient(new ContractValidatingHandler(new HttpClientHandler())) { BaseAddress = fake.BaseAddress };
/// </code>
/// A valid response is handed on unchanged (its body buffered, so it can still be read).
/// </summary>
public sealed class ContractValidatingHandler : DelegatingHandler
{
    /// <summary>Validates against <see cref="DeepLeadContract.Default"/>; set <see cref="DelegatingHandler.InnerHandler"/> before use.</summary>
    public ContractValidatingHandler()
        : this(DeepLeadContract.Default)
    {
    }

    /// <summary>Validates against <see cref="DeepLeadContract.Default"/>, sending through <paramref name="innerHandler"/>.</summary>
    public ContractValidatingHandler(HttpMessageHandler innerHandler)
        : this(DeepLeadContract.Default, innerHandler)
    {
    }

    /// <summary>Validates against <paramref name="contract"/>, sending through <paramref name="innerHandler"/> when given.</summary>
    public ContractValidatingHandler(DeepLeadContract contract, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        if (innerHandler is not null)
        {
            InnerHandler = innerHandler;
        }
    }

    /// <summary>The contract responses are checked against.</summary>
    public DeepLeadContract Contract { get; }

    /// <summary>
    /// When true, a request to a method and path the contract does not document passes through unchecked.
    /// Default false: such a request is itself drift (an endpoint the documentation does not have).
    /// </summary>
    public bool AllowUndocumentedOperations { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? body = null;
        if (response.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            body = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        Check(request, response, body);
        return response;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = base.Send(request, cancellationToken);
        string? body = null;
        if (response.Content is { } content)
        {
            // No synchronous LoadIntoBuffer: read the bytes and hand on a buffered copy with the same headers.
            using var buffer = new MemoryStream();
            using (var stream = content.ReadAsStream(cancellationToken))
            {
                stream.CopyTo(buffer);
            }
            var bytes = buffer.ToArray();
            var copy = new ByteArrayContent(bytes);
            foreach (var header in content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = copy;
            content.Dispose();
            var charset = copy.Headers.ContentType?.CharSet;
            var encoding = charset is null ? System.Text.Encoding.UTF8 : System.Text.Encoding.GetEncoding(charset.Trim('"'));
            body = encoding.GetString(bytes);
        }
        Check(request, response, body);
        return response;
    }

    private void Check(HttpRequestMessage request, HttpResponseMessage response, string? body)
    {
        var method = request.Method.Method;
        var path = request.RequestUri is { } uri ? (uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString) : "/";
        if (AllowUndocumentedOperations && Contract.FindOperation(method, path) is null)
        {
            return;
        }
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        var result = Contract.ValidateResponse(method, path, (int)response.StatusCode, mediaType, body);
        if (!result.IsValid)
        {
            response.Dispose();
            throw new ContractViolationException(method, path, result.Operation, (int)response.StatusCode, result.Drifts, body);
        }
    }
}
