using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Transports;

/// <summary>ASP.NET Core requests to the core and back: used by the in-memory transport and the stub's own endpoints.</summary>
internal static class HttpContextAdapter
{
    public static async Task HandleAsync(HttpContext context, ApiSwitch api, int maxBodyBytes)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(context, maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var apiRequest = new ApiRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.HasValue ? request.QueryString.Value : null,
            request.Headers.Authorization.Count > 0 ? request.Headers.Authorization[0] : null,
            request.ContentType,
            body)
        {
            // Read only while someone listens: most calls never need the header.
            TraceParent = FakeTelemetry.IsListening && request.Headers.TryGetValue("traceparent", out var parent) ? parent.ToString() : null,
        };
        var pipeline = await api.GetAsync().ConfigureAwait(false);
        var response = await pipeline.HandleAsync(apiRequest, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>Reads at most one byte past the limit, so an oversized body is refused without being held.</summary>
    private static ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        // A GET without a body is most of the traffic: no buffer, and no task, for it.
        return request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            ? new(ReadOnlyMemory<byte>.Empty)
            : new(ReadSentBodyAsync(request, maxBodyBytes, cancellationToken));
    }

    private static async Task<ReadOnlyMemory<byte>> ReadSentBodyAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and > 0 && length <= maxBodyBytes)
        {
            // The announced size, read into an array of exactly that size.
            var exact = new byte[length];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += got;
            }
            return exact.AsMemory(0, filled);
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBodyBytes)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        if (response.Fault is { } fault)
        {
            if (fault == FakeFault.MalformedChunk)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = ApiResponse.ContentType;
                await context.Response.Body.WriteAsync("{\"pools\":["u8.ToArray()).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
            }
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Abort();
            return;
        }
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = ApiResponse.ContentType;
        if (response.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
        }
        if (response.Call > 0)
        {
            context.Response.Headers[ApiResponse.CallHeader] = response.Call.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body).ConfigureAwait(false);
    }
}
