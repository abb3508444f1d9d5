using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepLead.Fakes.Samples.Client;

/// <summary>
/// A typed client of the DeepLead inbox API. Give it an <see cref="HttpClient"/> whose base address is the API's
/// (<c>https://app.deeplead.com/api/v1/</c>) and whose <c>Authorization</c> header carries <c>Bearer dl_...</c>:
/// <c>services.AddHttpClient&lt;DeepLeadClient&gt;(c => { c.BaseAddress = ...; c.DefaultRequestHeaders.Authorization = ...; })</c>.
/// </summary>
public sealed class DeepLeadClient(HttpClient http, DeepLeadClientOptions? options = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly DeepLeadClientOptions _options = options ?? new DeepLeadClientOptions();

    public async Task<IReadOnlyList<Pool>> ListPoolsAsync(CancellationToken cancellationToken = default)
    {
        var list = await SendAsync<PoolList>(() => new HttpRequestMessage(HttpMethod.Get, "pools"), cancellationToken).ConfigureAwait(false);
        return list.Pools;
    }

    /// <summary>One page of inboxes.</summary>
    public Task<InboxPage> ListInboxPageAsync(int skip, int limit, string? poolId = null, string? status = null, CancellationToken cancellationToken = default)
    {
        var query = $"inboxes?skip={skip}&limit={limit}";
        if (poolId is not null)
        {
            query += "&poolId=" + Uri.EscapeDataString(poolId);
        }
        if (status is not null)
        {
            query += "&status=" + Uri.EscapeDataString(status);
        }
        return SendAsync<InboxPage>(() => new HttpRequestMessage(HttpMethod.Get, query), cancellationToken);
    }

    /// <summary>Every inbox (optionally of one pool or status), page after page until the API says there is no more.</summary>
    public async IAsyncEnumerable<Inbox> ListInboxesAsync(string? poolId = null, string? status = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var skip = 0;
        while (true)
        {
            var page = await ListInboxPageAsync(skip, _options.PageSize, poolId, status, cancellationToken).ConfigureAwait(false);
            foreach (var inbox in page.Inboxes)
            {
                yield return inbox;
            }
            if (!page.Pagination.HasMore || page.Inboxes.Count == 0)
            {
                yield break;
            }
            skip += page.Inboxes.Count;
        }
    }

    /// <summary>Creates one inbox. A refusal (400, 404 unknown pool, 409 duplicate) is a <see cref="DeepLeadApiException"/>.</summary>
    public Task<CreateInboxesResult> CreateInboxAsync(NewInbox inbox, CancellationToken cancellationToken = default) =>
        SendAsync<CreateInboxesResult>(() => new HttpRequestMessage(HttpMethod.Post, "inboxes") { Content = JsonContent.Create(inbox, options: Json) }, cancellationToken);

    /// <summary>Creates several inboxes at once. Items fail one by one: read <see cref="CreateInboxesResult.Failures"/>.</summary>
    public Task<CreateInboxesResult> CreateInboxesAsync(IReadOnlyList<NewInbox> inboxes, CancellationToken cancellationToken = default) =>
        SendAsync<CreateInboxesResult>(() => new HttpRequestMessage(HttpMethod.Post, "inboxes") { Content = JsonContent.Create(inboxes, options: Json) }, cancellationToken);

    /// <summary>Creates the inbox, or finds it when the address is already taken (409): the id either way.</summary>
    public async Task<string> EnsureInboxAsync(NewInbox inbox, CancellationToken cancellationToken = default)
    {
        try
        {
            var created = await CreateInboxAsync(inbox, cancellationToken).ConfigureAwait(false);
            return created.Results[0].InboxId!;
        }
        catch (DeepLeadApiException exception) when (exception.IsConflict)
        {
            await foreach (var existing in ListInboxesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(existing.EmailAddress, inbox.EmailAddress, StringComparison.OrdinalIgnoreCase))
                {
                    return existing.Id;
                }
            }
            throw;
        }
    }

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                    ?? throw new DeepLeadApiException(response.StatusCode, "empty response body");
            }
            if (response.StatusCode == HttpStatusCode.InternalServerError && attempt < _options.MaxAttempts)
            {
                await Task.Delay(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DeepLeadApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ErrorBody? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync<ErrorBody>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
        }
        return new DeepLeadApiException(response.StatusCode, body?.Error ?? response.ReasonPhrase ?? "no error message", body?.Details);
    }
}
