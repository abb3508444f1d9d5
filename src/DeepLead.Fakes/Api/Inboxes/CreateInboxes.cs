using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Journal;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Inboxes;

/// <summary>
/// <c>POST /inboxes</c> with one object or a batch. Items are validated first, then applied to the store
/// under one lock: a failed item leaves nothing behind, and an auto-created pool exists only if an item landed in it.
/// </summary>
internal static class CreateInboxes
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private sealed record ItemOutcome(string? EmailAddress, InboxDraft? Draft, ItemFailure? Failure, JsonElement Item)
    {
        public string? InboxId { get; set; }

        public string? PoolId { get; set; }
    }

    /// <summary>Forced item outcomes from rules: consulted for each valid item, in request order, under the store's lock.</summary>
    public delegate ItemDecision? ItemRules(JsonElement item, bool skipConnectionTest);

    /// <summary>
    /// Validates, waits out the connection tests (<paramref name="connectionTests"/> is given how many items are tested
    /// and returns when they are done), then applies the batch at the clock's time after the wait.
    /// </summary>
    public static async ValueTask<ApiResponse> HandleAsync(
        FakeStore store,
        ApiRequest request,
        ApiSettings settings,
        TimeProvider time,
        Func<int, ValueTask>? connectionTests,
        ItemRules? rules = null)
    {
        if (!IsJson(request.ContentType))
        {
            return ErrorResponses.BadRequest("Content-Type", "must be application/json");
        }
        if (request.Body.Length > settings.MaxBodyBytes)
        {
            return ErrorResponses.BadRequest("body", $"must be at most {settings.MaxBodyBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return ErrorResponses.BadRequest("body", $"is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!JsonText.IsValidUnicode(root))
            {
                return ErrorResponses.BadRequest("body", "contains text that is not valid UTF-8 or an unpaired surrogate escape");
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
                        return ErrorResponses.BadRequest("body", "must contain at least one inbox");
                    }
                    if (count > settings.MaxBatchSize && settings.MaxBatchSize != int.MaxValue)
                    {
                        return ErrorResponses.BadRequest("body", $"must contain at most {settings.MaxBatchSize} inboxes (got {count})");
                    }
                    items = [.. root.EnumerateArray()];
                    break;
                default:
                    return ErrorResponses.BadRequest("body", "must be a JSON object or an array of objects");
            }

            var outcomes = new ItemOutcome[items.Count];
            var ignored = new SortedSet<string>(StringComparer.Ordinal);
            var tested = 0;
            for (var i = 0; i < items.Count; i++)
            {
                var draft = InboxRequestValidator.Validate(items[i], settings, ignored, out var failure);
                outcomes[i] = new ItemOutcome(InboxRequestValidator.EmailAddressOf(items[i]), draft, failure, items[i]);
                tested += draft is { Connection.SkipConnectionTest: false } ? 1 : 0;
            }
            var warnings = ignored.Select(FakeWarnings.UnknownField).ToArray();

            if (!isBatch && outcomes[0].Failure is { } invalid)
            {
                return SingleFailure(outcomes[0], invalid) with { Warnings = warnings };
            }

            // The real API tests IMAP and SMTP for each item that does not skip it; the answer waits for them.
            if (connectionTests is not null && tested > 0)
            {
                await connectionTests(tested).ConfigureAwait(false);
            }
            var now = time.GetUtcNow();
            var autoCreatedPool = store.Write(writer => Apply(writer, outcomes, now, settings, rules));

            var facts = Facts(isBatch, outcomes, autoCreatedPool);
            var forcedBy = outcomes.Select(o => o.Failure?.ForcedBy).FirstOrDefault(name => name is not null);
            var headers = forcedBy is null ? null : new Dictionary<string, string> { [DeepLeadApi.ForcedByHeader] = forcedBy };
            if (!isBatch && outcomes[0].Failure is { } rejected)
            {
                return SingleFailure(outcomes[0], rejected) with { Facts = facts, Headers = headers, Warnings = warnings };
            }
            return RenderResult(outcomes, autoCreatedPool, settings) with { Facts = facts, Headers = headers, Warnings = warnings, CreateItems = JournalItems(outcomes, 200) };
        }
    }

    /// <summary>A single-object request that failed: its error answer, and the one failed item for the journal.</summary>
    private static ApiResponse SingleFailure(ItemOutcome outcome, ItemFailure failure)
    {
        var response = failure.ToResponse();
        return response with { CreateItems = [JournalCreateItem.Failed(outcome.EmailAddress, response.ErrorMessage!, failure.Status, failure.ForcedBy)] };
    }

    private static JournalCreateItem[] JournalItems(ItemOutcome[] outcomes, int status) =>
        [.. outcomes.Select(o => o.InboxId is { } id
            ? JournalCreateItem.Created(o.EmailAddress, id, o.PoolId!, status)
            : JournalCreateItem.Failed(o.EmailAddress, o.Failure!.Error, status, o.Failure.ForcedBy))];

    private static ResponseFacts Facts(bool isBatch, ItemOutcome[] outcomes, PoolRecord? autoCreatedPool)
    {
        var facts = isBatch ? ResponseFacts.BatchCreate : ResponseFacts.SingleCreate;
        if (isBatch && outcomes.Any(o => o.InboxId is null))
        {
            facts |= ResponseFacts.BatchWithFailedItem;
        }
        if (autoCreatedPool is not null)
        {
            facts |= ResponseFacts.AutoCreatedPool;
        }
        foreach (var outcome in outcomes)
        {
            if (outcome.Failure is { } failure)
            {
                facts |= failure.Error.StartsWith(ItemFailure.ConnectionTestPrefix, StringComparison.Ordinal) ? ResponseFacts.ConnectionTestFailed : ResponseFacts.None;
                facts |= ReferenceEquals(failure, ItemFailure.EmailExists) ? ResponseFacts.DuplicateItem : ResponseFacts.None;
                facts |= ReferenceEquals(failure, ItemFailure.PoolNotFound) ? ResponseFacts.UnknownPoolItem : ResponseFacts.None;
            }
        }
        return facts;
    }

    private static PoolRecord? Apply(FakeStore.Writer writer, ItemOutcome[] outcomes, DateTimeOffset now, ApiSettings settings, ItemRules? rules)
    {
        var reader = writer.Reader;
        var uniqueness = settings.EmailUniqueness;
        var emailsInRequest = new HashSet<string>(EmailKeys.Comparer(uniqueness));
        var accepted = new List<ItemOutcome>(outcomes.Length);
        var needsAutoPool = false;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Draft is not { } draft)
            {
                continue;
            }
            ItemFailure? failure = null;
            var forced = rules?.Invoke(outcome.Item, draft.Connection.SkipConnectionTest);
            if (forced?.Failure is { } forcedFailure)
            {
                failure = new ItemFailure(forcedFailure.Status, forcedFailure.Error ?? ErrorResponses.DefaultMessage(forcedFailure.Status)) { ForcedBy = forced.RuleName };
            }
            else if (draft.PoolId is not null && !reader.PoolExists(draft.PoolId))
            {
                failure = ItemFailure.PoolNotFound;
            }
            else if (writer.EmailExists(draft.PoolId, draft.EmailAddress) || !emailsInRequest.Add(EmailKeys.Of(uniqueness, draft.PoolId, draft.EmailAddress)))
            {
                failure = ItemFailure.EmailExists;
            }
            else if (forced?.ConnectionTestFailure is { } connectionError)
            {
                // The real API tests IMAP/SMTP last, on an otherwise valid item; the address stays free.
                emailsInRequest.Remove(EmailKeys.Of(uniqueness, draft.PoolId, draft.EmailAddress));
                failure = ItemFailure.ConnectionTestFailed(connectionError) with { ForcedBy = forced.RuleName };
            }

            if (failure is not null)
            {
                outcomes[i] = outcome with { Draft = null, Failure = failure };
                continue;
            }
            needsAutoPool |= draft.PoolId is null;
            accepted.Add(outcome);
        }

        var createdAt = ApiJson.Truncate(now, settings.TimestampPrecision);
        PoolRecord? autoCreatedPool = null;
        if (needsAutoPool)
        {
            var name = "API Pool - " + createdAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            autoCreatedPool = new PoolRecord(writer.NextId(now), name, createdAt);
            writer.AddPool(autoCreatedPool);
        }

        foreach (var outcome in accepted)
        {
            var draft = outcome.Draft!;
            var inbox = new InboxRecord(
                writer.NextId(now),
                draft.EmailAddress,
                draft.PoolId ?? autoCreatedPool!.Id,
                InboxStatus.Active,
                draft.DailySendingLimit,
                createdAt,
                draft.Connection,
                settings.TimestampPrecision);
            writer.AddInbox(inbox);
            outcome.InboxId = inbox.Id;
            outcome.PoolId = inbox.PoolId;
        }
        return autoCreatedPool;
    }

    private static ApiResponse RenderResult(ItemOutcome[] outcomes, PoolRecord? autoCreatedPool, ApiSettings settings)
    {
        var created = outcomes.Count(o => o.InboxId is not null);
        var buffer = new ArrayBufferWriter<byte>(256 + (outcomes.Length * 160));
        using (var json = new Utf8JsonWriter(buffer, ApiJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteBoolean("success", created == outcomes.Length);
            json.WriteStartObject("summary");
            json.WriteNumber("total", outcomes.Length);
            json.WriteNumber("created", created);
            json.WriteNumber("failed", outcomes.Length - created);
            json.WriteEndObject();
            if (autoCreatedPool is not null)
            {
                json.WriteStartObject("autoCreatedPool");
                json.WriteString("id", autoCreatedPool.Id);
                json.WriteString("name", autoCreatedPool.Name);
                json.WriteEndObject();
            }
            json.WriteStartArray("results");
            foreach (var outcome in outcomes)
            {
                json.WriteStartObject();
                // On every result, as the documentation shows it: the given string, or null when the item had none.
                if (outcome.EmailAddress is not null)
                {
                    json.WriteString("emailAddress", outcome.EmailAddress);
                }
                else
                {
                    json.WriteNull("emailAddress");
                }
                if (outcome.InboxId is { } inboxId)
                {
                    json.WriteBoolean("success", true);
                    json.WriteString("inboxId", inboxId);
                    if (outcome.Draft!.AutoFilledFields.Count > 0 && settings.AutoFilledFields == AutoFilledFieldsVariant.Always)
                    {
                        json.WriteStartArray("autoFilledFields");
                        foreach (var field in outcome.Draft.AutoFilledFields)
                        {
                            json.WriteStringValue(field);
                        }
                        json.WriteEndArray();
                    }
                }
                else
                {
                    json.WriteBoolean("success", false);
                    json.WriteString("error", outcome.Failure!.Error);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new ApiResponse(200, buffer.WrittenSpan.ToArray());
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
