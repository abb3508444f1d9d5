using System.Net.Http.Headers;
using DeepLead.Fakes.ClientGeneration.Tests.Support;

namespace DeepLead.NSwagClient.Driver;

/// <summary>The NSwag client (Newtonsoft.Json, its default), plus the batch workaround in NSwagBatchWorkaround.cs.</summary>
public sealed class NSwagDriver : IClientDriver
{
    private readonly DeepLeadClient _client;

    public NSwagDriver(Uri baseUrl, string apiKey)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _client = new DeepLeadClient(http) { BaseUrl = baseUrl.AbsoluteUri };
    }

    public async Task<IReadOnlyList<PoolView>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var list = await Call(() => _client.ListPoolsAsync(cancellationToken));
        return [.. list.Pools.Select(p => new PoolView(p.Id, p.Name, p.InboxCount, p.CreatedAt))];
    }

    public async Task<InboxPageView> ListInboxesAsync(string? poolId, string? status, int? limit, int? skip, CancellationToken cancellationToken)
    {
        InboxStatus? typedStatus = status is null ? null : Enum.Parse<InboxStatus>(status, ignoreCase: true);
        var page = await Call(() => _client.ListInboxesAsync(poolId!, typedStatus, limit, skip, cancellationToken));
        return new InboxPageView(
            [.. page.Inboxes.Select(i => new InboxView(i.Id, i.EmailAddress, i.PoolId, i.Status.ToString().ToLowerInvariant(), i.DailySendingLimit, i.CreatedAt))],
            page.Pagination.Total, page.Pagination.Limit, page.Pagination.Skip, page.Pagination.HasMore);
    }

    public async Task<CreateView> CreateAsync(InboxInput inbox, CancellationToken cancellationToken) =>
        View(await Call(() => _client.CreateInboxesAsync(ToRequest(inbox), cancellationToken)));

    public async Task<CreateView> CreateBatchAsync(IReadOnlyList<InboxInput> inboxes, CancellationToken cancellationToken) =>
        View(await Call(() => _client.CreateInboxBatchAsync([.. inboxes.Select(ToRequest)], cancellationToken)));

    private static CreateView View(CreateInboxesResult result) =>
        new(result.Success, result.Summary.Total, result.Summary.Created, result.Summary.Failed, result.AutoCreatedPool?.Id,
            [.. result.Results.Select(r => new ItemView(r.EmailAddress, r.Success, r.InboxId,
                [.. (r.AutoFilledFields ?? []).Select(f => f.ToString())], r.Error))]);

    private static CreateInboxRequest ToRequest(InboxInput inbox) => new()
    {
        EmailAddress = inbox.EmailAddress,
        ImapPassword = inbox.ImapPassword,
        PoolId = inbox.PoolId!,
        Provider = inbox.Provider is null ? null : Enum.Parse<Provider>(inbox.Provider, ignoreCase: true),
        ImapHost = inbox.ImapHost!,
        ImapPort = inbox.ImapPort,
        SmtpHost = inbox.SmtpHost!,
        SmtpPort = inbox.SmtpPort,
        DailySendingLimit = inbox.DailySendingLimit,
    };

    /// <summary>NSwag raises ApiException&lt;Error&gt; for every documented error status.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException<Error> error)
        {
            throw new GeneratedClientError(error.StatusCode, error.Result.Error1, [.. (error.Result.Details ?? []).Select(d => d.Field)], error);
        }
    }
}
