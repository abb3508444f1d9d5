using System.Text;
using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Journal;

/// <summary>
/// Turns each exchange into a journal entry: redacted, with bodies capped, and with the items of a create taken from
/// the typed outcome, so the journal's views are exact whatever the body's size.
/// </summary>
internal sealed class JournalRecorder(CallJournal journal, TimeProvider time) : IExchangeObserver
{
    /// <summary>Bodies up to this size are kept in the journal; larger ones (long pages) only by size, to bound memory.</summary>
    public const int ResponseBodyBytes = 4 * 1024;

    /// <summary>Request bodies up to this size are kept (redacted) in the journal: a full batch fits.</summary>
    public const int RequestBodyBytes = 64 * 1024;

    private readonly SharedStrings _strings = new();

    // The last path, query and key kept: a test or a load repeats them, and comparing with the last one is cheaper
    // than a lookup. Any value here is one the shared strings handed out.
    private string? _lastPath;
    private string? _lastQuery;
    private string? _lastKey;

    private string Shared(ref string? last, string text) => Shared(ref last, text, text);

    private string Shared(ref string? last, ReadOnlySpan<char> text, string? made)
    {
        var seen = Volatile.Read(ref last);
        if (seen is not null && text.SequenceEqual(seen))
        {
            return seen;
        }
        var shared = _strings.Get(text, made);
        Volatile.Write(ref last, shared);
        return shared;
    }

    public void Observe(in Exchange exchange)
    {
        if (journal.Capacity == 0)
        {
            return;
        }
        var request = exchange.Request;
        var response = exchange.Response;
        var trace = exchange.Trace;
        var plain = trace is { IsPlain: true };
        journal.Add(new JournalRow
        {
            Sequence = exchange.Sequence,
            Timestamp = SafeNow(),
            Method = request.Method,
            Path = Shared(ref _lastPath, request.Path),
            Query = request.RawQuery is { Length: > 0 } q ? Shared(ref _lastQuery, q.AsSpan().TrimStart('?'), null) : string.Empty,
            ApiKey = request.TryGetBearerKey(out var key) ? Shared(ref _lastKey, Redaction.ApiKey(key)) : null,
            RequestBody = BodyRedaction.Redact(request.Body, RequestBodyBytes),
            Status = response.StatusCode,
            ResponseBody = response.Fault is null && !exchange.Abandoned && response.Body.Length <= ResponseBodyBytes ? Encoding.UTF8.GetString(response.Body) : null,
            ForcedBy = exchange.ForcedBy,
            Abandoned = exchange.Abandoned,
            CreateItems = CreateItemsOf(in exchange),
            Fault = response.Fault,
            // The pipeline's list is made per call: an empty one is not kept alive with the entry.
            Warnings = exchange.Warnings.Count == 0 ? [] : exchange.Warnings,
            Duration = exchange.Duration,
            AccountTag = exchange.TenantTag,
            Tenant = exchange.TenantLabel,
            Trace = plain ? null : trace,
            PlainOperation = plain ? trace!.Operation : null,
            PlainSettings = plain ? trace!.Settings : null,
        });
    }

    /// <summary>The journal must never turn an answer into a crash, even with a user's clock that throws.</summary>
    private DateTimeOffset SafeNow()
    {
        try
        {
            return time.GetUtcNow();
        }
#pragma warning disable CA1031 // A broken user clock must not break the response; the wall clock is a fine stand-in for a log.
        catch (Exception)
#pragma warning restore CA1031
        {
            return DateTimeOffset.UtcNow;
        }
    }

    /// <summary>
    /// The items of a create, typed: the endpoint's own when it ran; else, for an error answer to a create (a rule's,
    /// a rate limit's, a bad body's), the one failed item it stands for, as the journal has always counted it.
    /// </summary>
    private static IReadOnlyList<JournalCreateItem> CreateItemsOf(in Exchange exchange)
    {
        var request = exchange.Request;
        switch (exchange.Outcome)
        {
            case CreateResult create:
                return ItemsOf(create);
            case ApiError { StatusCode: not (401 or 403) } error when IsCreate(request):
                return [JournalCreateItem.Failed(SingleEmailAddress(request.Body), error.Message, error.StatusCode, exchange.ForcedBy)];
            case ForcedAnswer forced when IsCreate(request) && (forced.ErrorMessage ?? ErrorOf(forced.BodyJson!)) is { } message:
                return [JournalCreateItem.Failed(SingleEmailAddress(request.Body), message, forced.StatusCode, exchange.ForcedBy)];
            default:
                return [];
        }
    }

    /// <summary>In a method of its own: the lambda's captures are an object made whenever the method holding it runs.</summary>
    private static JournalCreateItem[] ItemsOf(CreateResult create)
    {
        var status = create.Status;
        return [.. create.Items.Select(item => item.Inbox is { } inbox
            ? JournalCreateItem.Created(item.EmailAddress, inbox.Id, inbox.PoolId, status)
            : JournalCreateItem.Failed(item.EmailAddress, create.IsBatch || create.SingleAsEnvelope ? item.Error! : item.SingleAnswerError, status, item.ForcedBy))];
    }

    private static bool IsCreate(ApiRequest request) => request.Method == "POST" && request.Path == ApiPaths.Inboxes;

    /// <summary>A rule's own body is the user's JSON: its <c>error</c>, when it has one, is the item's reason.</summary>
    private static string? ErrorOf(string bodyJson)
    {
        try
        {
            using var document = JsonDocument.Parse(bodyJson);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SingleEmailAddress(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("emailAddress", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
        }
        // A body the endpoint refused for an unpaired surrogate escape ("a\ud800@gmail.com") parses, but its string
        // cannot be read: the call is still journalled, without an address.
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
