using System.Text;

namespace DeepLead.NSwagClient;

/// <summary>
/// NSwag keeps only the first alternative of a <c>oneOf</c> request body, so its <c>CreateInboxesAsync</c> sends a single
/// object. This partial class (add it beside the generated client, in the client's namespace) adds the batch form: it
/// calls the generated method, whose response handling (200, and every documented error as ApiException&lt;Error&gt;)
/// is what we want, and replaces the body with the array in the generated <c>PrepareRequest</c> hook.
/// </summary>
public partial class DeepLeadClient
{
    // Per call, not per client: concurrent calls on one client each carry their own batch.
    private static readonly AsyncLocal<IReadOnlyCollection<CreateInboxRequest>?> PendingBatch = new();

    /// <summary><c>POST /inboxes</c> with an array body: per-item results, always 200 for a well-formed batch.</summary>
    public async Task<CreateInboxesResult> CreateInboxBatchAsync(IReadOnlyCollection<CreateInboxRequest> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        PendingBatch.Value = batch;
        try
        {
            // The placeholder is serialized (so it needs its required fields) but replaced before sending.
            var placeholder = new CreateInboxRequest { EmailAddress = "", ImapPassword = "" };
            return await CreateInboxesAsync(placeholder, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PendingBatch.Value = null;
        }
    }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (PendingBatch.Value is { } batch && request.Method == HttpMethod.Post)
        {
            var json = Newtonsoft.Json.JsonConvert.SerializeObject(batch, JsonSerializerSettings);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
    }
}
