using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Endpoints;

/// <summary>
/// <c>POST /inboxes</c> with one object or a batch. Items are validated first, then applied to the store
/// under one lock: a failed item leaves nothing behind, and an auto-created pool exists only if an item landed in it.
/// </summary>
internal static class CreateInboxes
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>One item on its way through: its draft while it may still be created, then how it ended.</summary>
    private sealed class ItemState(JsonElement item, string? emailAddress)
    {
        public JsonElement Item { get; } = item;
        public string? EmailAddress { get; } = emailAddress;
        public InboxDraft? Draft { get; set; }
        public CreateItemOutcome? Outcome { get; set; }
    }

    /// <summary>
    /// Validates, waits out the connection tests (<paramref name="connectionTests"/> is given how many items are tested
    /// and returns when they are done), then applies the batch at the clock's time after the wait.
    /// </summary>
    public static async ValueTask<ApiOutcome> HandleAsync(
        FakeStore store,
        ApiRequest request,
        ApiSettings settings,
        TimeProvider time,
        Func<int, ValueTask>? connectionTests,
        IItemRules? rules = null)
    {
        if (!IsJson(request.ContentType))
        {
            return ApiError.BadRequest("Content-Type", "must be application/json");
        }
        if (request.Body.Length > settings.MaxBodyBytes)
        {
            return ApiError.BadRequest("body", $"must be at most {settings.MaxBodyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return ApiError.BadRequest("body", $"is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!JsonText.IsValidUnicode(root))
            {
                return ApiError.BadRequest("body", "contains text that is not valid UTF-8 or an unpaired surrogate escape");
            }
            bool isBatch;
            List<JsonElement> items;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    isBatch = false;
                    items = [root];
                    break;
                case JsonValueKind.Array:
                    isBatch = true;
                    var count = root.GetArrayLength();
                    if (count == 0)
                    {
                        return ApiError.BadRequest("body", "must contain at least one inbox");
                    }
                    if (count > settings.MaxBatchSize && settings.MaxBatchSize != int.MaxValue)
                    {
                        return ApiError.BadRequest("body", $"must contain at most {settings.MaxBatchSize} inboxes (got {count})");
                    }
                    items = [.. root.EnumerateArray()];
                    break;
                default:
                    return ApiError.BadRequest("body", "must be a JSON object or an array of objects");
            }

            var states = new ItemState[items.Count];
            var ignored = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var tested = 0;
            for (var i = 0; i < items.Count; i++)
            {
                var state = states[i] = new ItemState(items[i], InboxRequestValidator.EmailAddressOf(items[i]));
                state.Draft = InboxRequestValidator.Validate(items[i], settings, ignored, out var invalid);
                if (invalid is not null)
                {
                    state.Outcome = CreateItemOutcome.Invalid(state.EmailAddress, invalid);
                }
                tested += state.Draft is { Connection.SkipConnectionTest: false } ? 1 : 0;
            }
            var warnings = ignored.Values.ToArray();

            if (!isBatch && states[0].Outcome is { } invalidItem)
            {
                return Answer(settings, new CreateResult(false, [invalidItem], null, warnings));
            }

            // The real API tests IMAP and SMTP for each item that does not skip it; the answer waits for them.
            if (connectionTests is not null && tested > 0)
            {
                await connectionTests(tested).ConfigureAwait(false);
            }
            var now = time.GetUtcNow();
            var autoCreatedPool = store.Write(writer => Apply(writer, states, now, settings, rules));
            return Answer(settings, new CreateResult(isBatch, [.. states.Select(s => s.Outcome!)], autoCreatedPool, warnings));
        }
    }

    /// <summary>The create answer as the settings read what the documentation leaves open.</summary>
    private static CreateResult Answer(ApiSettings settings, CreateResult result) => result with
    {
        SingleAsEnvelope = settings.SingleCreateAnswer == SingleCreateAnswer.BatchEnvelope,
        AllFailedStatus = settings.FailedBatchStatus switch
        {
            FailedBatchStatus.MultiStatus => 207,
            FailedBatchStatus.BadRequest => 400,
            _ => 200,
        },
    };

    private static PoolRecord? Apply(FakeStore.Writer writer, ItemState[] states, DateTimeOffset now, ApiSettings settings, IItemRules? rules)
    {
        var reader = writer.Reader;
        var uniqueness = settings.EmailUniqueness;
        var emailsInRequest = new HashSet<string>(EmailKeys.Comparer(uniqueness));
        var accepted = new List<ItemState>(states.Length);
        var needsAutoPool = false;
        foreach (var state in states)
        {
            if (state.Draft is not { } draft)
            {
                continue;
            }
            var email = state.EmailAddress;
            CreateItemOutcome? failure = null;
            var forced = rules?.Decide(state.Item, draft.Connection.SkipConnectionTest);
            if (forced is { FailStatus: { } status })
            {
                failure = CreateItemOutcome.Forced(email, status, forced.FailError, forced.RuleName);
            }
            else if (draft.PoolId is not null && !reader.PoolExists(draft.PoolId))
            {
                failure = CreateItemOutcome.PoolNotFound(email);
            }
            else if (writer.EmailExists(draft.PoolId, draft.EmailAddress) || !emailsInRequest.Add(EmailKeys.Of(uniqueness, draft.PoolId, draft.EmailAddress)))
            {
                failure = CreateItemOutcome.EmailExists(email);
            }
            else if (forced?.ConnectionTestFailure is { } connectionError)
            {
                // The real API tests IMAP/SMTP last, on an otherwise valid item; the address stays free.
                emailsInRequest.Remove(EmailKeys.Of(uniqueness, draft.PoolId, draft.EmailAddress));
                failure = CreateItemOutcome.ConnectionTestFailed(email, connectionError, forced.RuleName);
            }

            if (failure is not null)
            {
                state.Draft = null;
                state.Outcome = failure;
                continue;
            }
            needsAutoPool |= draft.PoolId is null;
            accepted.Add(state);
        }

        var createdAt = Timestamps.Truncate(now, settings.TimestampPrecision);
        PoolRecord? autoCreatedPool = null;
        if (needsAutoPool)
        {
            var name = "API Pool - " + createdAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            autoCreatedPool = new PoolRecord(writer.NextId(now), name, createdAt);
            writer.AddPool(autoCreatedPool);
        }

        foreach (var state in accepted)
        {
            var draft = state.Draft!;
            var inbox = new FakeInbox(
                writer.NextId(now),
                draft.EmailAddress,
                draft.PoolId ?? autoCreatedPool!.Id,
                InboxStatus.Active,
                draft.DailySendingLimit,
                createdAt,
                draft.Connection);
            writer.AddInbox(inbox);
            state.Outcome = new CreateItemOutcome(CreateItemKind.Created, state.EmailAddress, 200) { Inbox = inbox, AutoFilledFields = draft.AutoFilledFields };
        }
        return autoCreatedPool;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
