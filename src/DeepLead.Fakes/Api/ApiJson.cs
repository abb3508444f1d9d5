using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api;

/// <summary>
/// Renders the documented models by hand with <see cref="Utf8JsonWriter"/>: exactly the documented fields,
/// in the documented order, no nulls, and no reflection on the request path.
/// </summary>
internal static class ApiJson
{
    // Relaxed escaping: API clients read JSON, not HTML, and "'" is easier to read than "\u0027" in an error message.
    public static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Timestamps as the documentation shows them: UTC, whole seconds, ending in Z (or with milliseconds, a variant).</summary>
    public static string FormatTimestamp(DateTimeOffset value, TimestampPrecision precision = TimestampPrecision.Seconds) =>
        value.UtcDateTime.ToString(precision == TimestampPrecision.Milliseconds ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time cut to the precision the API shows, so a stored time and its rendering agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value, TimestampPrecision precision)
    {
        var unit = precision == TimestampPrecision.Milliseconds ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
        return new DateTimeOffset(value.UtcTicks - (value.UtcTicks % unit), TimeSpan.Zero);
    }

    public static byte[] RenderInbox(InboxRecord inbox, TimestampPrecision precision = TimestampPrecision.Seconds)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", inbox.Id);
            json.WriteString("emailAddress", inbox.EmailAddress);
            json.WriteString("poolId", inbox.PoolId);
            json.WriteString("status", inbox.Status.ToApiValue());
            json.WriteNumber("dailySendingLimit", inbox.DailySendingLimit);
            json.WriteString("createdAt", FormatTimestamp(inbox.CreatedAt, precision));
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WritePool(Utf8JsonWriter json, PoolRecord pool, int inboxCount, TimestampPrecision precision = TimestampPrecision.Seconds)
    {
        json.WriteStartObject();
        json.WriteString("id", pool.Id);
        json.WriteString("name", pool.Name);
        json.WriteNumber("inboxCount", inboxCount);
        json.WriteString("createdAt", FormatTimestamp(pool.CreatedAt, precision));
        json.WriteEndObject();
    }
}
