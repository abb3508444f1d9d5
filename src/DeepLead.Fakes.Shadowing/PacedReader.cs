using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace DeepLead.Fakes.Shadowing;

/// <summary>
/// GETs from the source, one at a time: no faster than the rate asked for, waiting out 429 and 503 per
/// <c>Retry-After</c> on the given clock, so tests with a fake clock never sleep.
/// </summary>
internal sealed class PacedReader(HttpClient upstream, SnapshotOptions options)
{
    /// <summary>The wait when a 429 or 503 gives no usable Retry-After.</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _interval = options.MaxRequestsPerSecond is > 0 and var rps ? TimeSpan.FromSeconds(1 / rps) : TimeSpan.Zero;
    private DateTimeOffset? _last;

    public int Requests { get; private set; }

    public TimeSpan WaitedForRetryAfter { get; private set; }

    /// <summary>The answer's body, once the source answers 200; throws <see cref="SnapshotException"/> otherwise.</summary>
    public async Task<byte[]> GetAsync(string relative, string page, int inboxesRead, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await PaceAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiBase(upstream), relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            HttpResponseMessage response;
            Requests++;
            try
            {
                response = await upstream.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw Failure(page, relative, inboxesRead, null, $"the source could not be reached ({Scrub(exception.Message)})", exception);
            }
            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body;
                }
                var status = (int)response.StatusCode;
                if (status is 429 or 503 && attempt < options.MaxRetriesPerPage)
                {
                    var wait = RetryAfter(response.Headers.RetryAfter, options.TimeProvider.GetUtcNow());
                    WaitedForRetryAfter += wait;
                    await Task.Delay(wait, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var error = ErrorText(body);
                var reason = status is 429 or 503 ? $"{status} {options.MaxRetriesPerPage + 1} times in a row" : status.ToString(CultureInfo.InvariantCulture);
                throw Failure(page, relative, inboxesRead, status, $"the source answered {reason}{(error is null ? "" : $": {Scrub(error)}")}", null);
            }
        }
    }

    /// <summary>The base ending in a slash, so relative paths land under it (an HttpClient's BaseAddress may lack one).</summary>
    internal static Uri ApiBase(HttpClient client)
    {
        var text = (client.BaseAddress ?? throw new ArgumentException("The upstream HttpClient needs a BaseAddress (https://app.deeplead.com/api/v1/).", nameof(client))).AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private SnapshotException Failure(string page, string relative, int inboxesRead, int? status, string what, Exception? inner) =>
        new($"Snapshot stopped at {page} (GET /{relative}) after {inboxesRead.ToString("N0", CultureInfo.InvariantCulture)} inboxes: {what}. Nothing was written; run it again to retry.", inner)
        {
            Request = "GET /" + relative,
            InboxesRead = inboxesRead,
            Status = status,
        };

    /// <summary>Never lets the key through, whatever a source or a socket error puts into a message.</summary>
    private string Scrub(string text) => options.ApiKey.Length == 0 ? text : text.Replace(options.ApiKey, "<key>", StringComparison.Ordinal);

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        if (_last is { } last && _interval > TimeSpan.Zero && now < last + _interval)
        {
            await Task.Delay(last + _interval - now, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            now = options.TimeProvider.GetUtcNow();
        }
        _last = now;
    }

    internal static TimeSpan RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }
        return DefaultRetryAfter;
    }

    private static string? ErrorText(byte[] body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
