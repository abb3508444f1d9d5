using System.Net.Http.Headers;
using DeepLead.Fakes.ClientGeneration.Tests.Support;
using DeepLead.KiotaClient;
using DeepLead.KiotaClient.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace DeepLead.KiotaClient.Driver;

/// <summary>The Kiota client, used as its documentation shows: a request adapter over an HttpClient, typed request builders.</summary>
public sealed class KiotaDriver : IClientDriver
{
    private readonly DeepLeadClient _client;

    public KiotaDriver(Uri baseUrl, string apiKey)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/'),
        };
        _client = new DeepLeadClient(adapter);
    }

    public async Task<IReadOnlyList<PoolView>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var list = await Call(() => _client.Pools.GetAsync(cancellationToken: cancellationToken));
        return [.. list!.Pools!.Select(p => new PoolView(p.Id!, p.Name!, p.InboxCount!.Value, p.CreatedAt!.Value))];
    }

    public async Task<InboxPageView> ListInboxesAsync(string? poolId, string? status, int? limit, int? skip, CancellationToken cancellationToken)
    {
        var page = await Call(() => _client.Inboxes.GetAsync(request =>
        {
            request.QueryParameters.PoolId = poolId;
            request.QueryParameters.Status = status is null ? null : Enum.Parse<InboxStatus>(status, ignoreCase: true);
            request.QueryParameters.Limit = limit;
            request.QueryParameters.Skip = skip;
        }, cancellationToken));
        return new InboxPageView(
            [.. page!.Inboxes!.Select(i => new InboxView(i.Id!, i.EmailAddress!, i.PoolId!, i.Status!.Value.ToString().ToLowerInvariant(), i.DailySendingLimit!.Value, i.CreatedAt!.Value))],
            page.Pagination!.Total!.Value, page.Pagination.Limit!.Value, page.Pagination.Skip!.Value, page.Pagination.HasMore!.Value);
    }

    public Task<CreateView> CreateAsync(InboxInput inbox, CancellationToken cancellationToken) =>
        Create(new CreateInboxesRequest { CreateInboxesRequestCreateInboxRequest = ToRequest(inbox) }, cancellationToken);

    public Task<CreateView> CreateBatchAsync(IReadOnlyList<InboxInput> inboxes, CancellationToken cancellationToken) =>
        Create(new CreateInboxesRequest { CreateInboxRequest = [.. inboxes.Select(ToRequest)] }, cancellationToken);

    private async Task<CreateView> Create(CreateInboxesRequest body, CancellationToken cancellationToken)
    {
        var result = await Call(() => _client.Inboxes.PostAsync(body, cancellationToken: cancellationToken));
        return new CreateView(result!.Success!.Value, result.Summary!.Total!.Value, result.Summary.Created!.Value, result.Summary.Failed!.Value,
            result.AutoCreatedPool?.Id,
            [.. result.Results!.Select(r => new ItemView(r.EmailAddress, r.Success!.Value, r.InboxId,
                [.. (r.AutoFilledFields ?? []).Select(f => f!.Value.ToString())], r.Error))]);
    }

    private static CreateInboxRequest ToRequest(InboxInput inbox) => new()
    {
        EmailAddress = inbox.EmailAddress,
        ImapPassword = inbox.ImapPassword,
        PoolId = inbox.PoolId,
        Provider = inbox.Provider is null ? null : Enum.Parse<Provider>(inbox.Provider, ignoreCase: true),
        ImapHost = inbox.ImapHost,
        ImapPort = inbox.ImapPort,
        SmtpHost = inbox.SmtpHost,
        SmtpPort = inbox.SmtpPort,
        DailySendingLimit = inbox.DailySendingLimit,
    };

    /// <summary>Kiota raises the documented error model (an ApiException) for every documented error status.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Error error)
        {
            throw new GeneratedClientError(error.ResponseStatusCode, error.ErrorProp!, [.. (error.Details ?? []).Select(d => d.Field!)], error);
        }
    }
}
