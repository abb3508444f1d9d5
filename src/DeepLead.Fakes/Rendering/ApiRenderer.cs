using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Rendering;

/// <summary>How a world shows what the documentation leaves open.</summary>
internal sealed record RenderSettings(TimestampPrecision TimestampPrecision, AutoFilledFieldsVariant AutoFilledFields);

/// <summary>
/// The one place API JSON is written: outcomes in, bytes out, by hand with <see cref="Utf8JsonWriter"/> — exactly the
/// documented fields, in the documented order, no nulls, and no reflection on the request path.
/// </summary>
internal sealed class ApiRenderer(RenderSettings settings)
{
    // Relaxed escaping: API clients read JSON, not HTML, and "'" is easier to read than "\u0027" in an error message.
    public static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] PagePrefix = "{\"inboxes\":["u8.ToArray();

    /// <summary>
    /// Bodies of cached read outcomes (the store keeps a page's outcome until the next write): a hot page is sent byte
    /// for byte the same without rendering again, and its body goes when its outcome does.
    /// </summary>
    private readonly ConditionalWeakTable<ApiOutcome, byte[]> _readBodies = [];

    public RenderSettings Settings { get; } = settings;

    // Made once: a lambda over `this` per request would be an allocation on the hottest path.
    private ConditionalWeakTable<ApiOutcome, byte[]>.CreateValueCallback? _renderRead;

    private ConditionalWeakTable<ApiOutcome, byte[]>.CreateValueCallback RenderRead => _renderRead ??= outcome => outcome switch
    {
        InboxPage page => RenderPage(page),
        PoolList pools => RenderPools(pools),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a cached read"),
    };

    /// <summary>The answer for <paramref name="outcome"/>, with the rule header when <paramref name="answeredBy"/> is set and the warning header when anything was ignored.</summary>
    public ApiResponse Render(ApiOutcome outcome, string? answeredBy, IReadOnlyList<string> warnings)
    {
        var response = outcome switch
        {
            InboxPage or PoolList => new ApiResponse(200, _readBodies.GetValue(outcome, RenderRead)),
            CreateResult create => RenderCreate(create),
            ApiError error => Error(error.StatusCode, error.Message, error.Details) with { Headers = error.Headers },
            ForcedAnswer forced => forced.BodyJson is { } json
                ? new ApiResponse(forced.StatusCode, Encoding.UTF8.GetBytes(json)) { Headers = forced.Headers }
                : Error(forced.StatusCode, forced.ErrorMessage!) with { Headers = forced.Headers },
            ForcedFault fault => new ApiResponse(200, []) { Fault = fault.Fault },
            _ => throw new InvalidOperationException($"No rendering for {outcome.GetType().Name}"),
        };
        if (answeredBy is null && warnings.Count == 0)
        {
            return response;
        }
        var headers = new Dictionary<string, string>(response.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        if (answeredBy is not null)
        {
            // Marks an answer a rule forced, so a contract check can tell it from the fake's own answers.
            headers[ApiPaths.ForcedByHeader] = answeredBy;
        }
        if (warnings.Count > 0)
        {
            headers[FakeWarnings.Header] = FakeWarnings.HeaderValue(warnings);
        }
        return response with { Headers = headers };
    }

    /// <summary>The documented error shape: <c>{"error": "...", "details": [...]}</c>, details only for validation.</summary>
    public static ApiResponse Error(int status, string message, IReadOnlyList<FieldError>? details = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            if (details is { Count: > 0 })
            {
                json.WriteStartArray("details");
                foreach (var detail in details)
                {
                    json.WriteStartObject();
                    json.WriteString("field", detail.Field);
                    json.WriteString("message", detail.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return new ApiResponse(status, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Timestamps as the documentation shows them: UTC, whole seconds, ending in Z (or with milliseconds, a variant).</summary>
    public static string FormatTimestamp(DateTimeOffset value, TimestampPrecision precision = TimestampPrecision.Seconds) =>
        value.UtcDateTime.ToString(precision == TimestampPrecision.Milliseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An inbox as the API shows it, rendered once per inbox (inboxes never change).</summary>
    public byte[] Inbox(FakeInbox inbox)
    {
        if (inbox.Representation is { } rendered)
        {
            return rendered;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            WriteInboxFields(json, inbox, Settings.TimestampPrecision);
            json.WriteEndObject();
        }
        return inbox.Representation = buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The documented six fields of an inbox, into the object <paramref name="json"/> is writing: the one place they are
    /// written, for the API and for the stub's admin view (which adds the stored-only settings after them).
    /// </summary>
    public static void WriteInboxFields(Utf8JsonWriter json, FakeInbox inbox, TimestampPrecision precision)
    {
        json.WriteString("id", inbox.Id);
        json.WriteString("emailAddress", inbox.EmailAddress);
        json.WriteString("poolId", inbox.PoolId);
        json.WriteString("status", inbox.Status.ToApiValue());
        json.WriteNumber("dailySendingLimit", inbox.DailySendingLimit);
        json.WriteString("createdAt", FormatTimestamp(inbox.CreatedAt, precision));
    }

    /// <summary>A pool as the API shows it, with its inbox count.</summary>
    public static void WritePool(Utf8JsonWriter json, PoolRecord pool, int inboxCount, TimestampPrecision precision)
    {
        json.WriteStartObject();
        json.WriteString("id", pool.Id);
        json.WriteString("name", pool.Name);
        json.WriteNumber("inboxCount", inboxCount);
        json.WriteString("createdAt", FormatTimestamp(pool.CreatedAt, precision));
        json.WriteEndObject();
    }

    private byte[] RenderPools(PoolList list)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("pools");
            foreach (var (pool, count) in list.Pools)
            {
                WritePool(json, pool, count, Settings.TimestampPrecision);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A page as one exact-size array: each inbox's JSON is kept, so a page is a concatenation (no serializer, no intermediate buffer).</summary>
    private byte[] RenderPage(InboxPage page)
    {
        var items = page.Items;
        var suffix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"],\"pagination\":{{\"total\":{page.Total},\"limit\":{page.Limit},\"skip\":{page.Skip},\"hasMore\":{(page.HasMore ? "true" : "false")}}}}}"));
        var length = PagePrefix.Length + suffix.Length + Math.Max(0, items.Length - 1);
        foreach (var inbox in items)
        {
            length += Inbox(inbox).Length;
        }
        var body = new byte[length];
        var at = 0;
        PagePrefix.CopyTo(body, at);
        at += PagePrefix.Length;
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }
            var json = Inbox(items[i]);
            json.CopyTo(body, at);
            at += json.Length;
        }
        suffix.CopyTo(body, at);
        return body;
    }

    private ApiResponse RenderCreate(CreateResult result)
    {
        if (!result.IsEnvelope)
        {
            if (!result.IsBatch)
            {
                var failed = result.Items[0];
                return Error(failed.Status, failed.SingleAnswerError, failed.Details);
            }
            // failedBatchStatus: badRequest. The documented error shape, one detail per item, named by its index.
            return Error(result.Status, "No inbox was created", [.. result.Items.Select((item, i) => new FieldError($"[{i}]", item.Error!))]);
        }
        var created = result.CreatedCount;
        var buffer = new ArrayBufferWriter<byte>(256 + (result.Items.Count * 160));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteBoolean("success", created == result.Items.Count);
            json.WriteStartObject("summary");
            json.WriteNumber("total", result.Items.Count);
            json.WriteNumber("created", created);
            json.WriteNumber("failed", result.Items.Count - created);
            json.WriteEndObject();
            if (result.AutoCreatedPool is { } pool)
            {
                json.WriteStartObject("autoCreatedPool");
                json.WriteString("id", pool.Id);
                json.WriteString("name", pool.Name);
                json.WriteEndObject();
            }
            json.WriteStartArray("results");
            foreach (var item in result.Items)
            {
                json.WriteStartObject();
                // On every result, as the documentation shows it: the given string, or null when the item had none.
                if (item.EmailAddress is not null)
                {
                    json.WriteString("emailAddress", item.EmailAddress);
                }
                else
                {
                    json.WriteNull("emailAddress");
                }
                if (item.Inbox is { } inbox)
                {
                    json.WriteBoolean("success", true);
                    json.WriteString("inboxId", inbox.Id);
                    if (item.AutoFilledFields.Count > 0 && Settings.AutoFilledFields == AutoFilledFieldsVariant.Always)
                    {
                        json.WriteStartArray("autoFilledFields");
                        foreach (var field in item.AutoFilledFields)
                        {
                            json.WriteStringValue(field);
                        }
                        json.WriteEndArray();
                    }
                }
                else
                {
                    json.WriteBoolean("success", false);
                    json.WriteString("error", item.Error);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new ApiResponse(result.Status, buffer.WrittenSpan.ToArray());
    }
}
