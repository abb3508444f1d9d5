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

    /// <summary>Timestamps as the documentation shows them: UTC, whole seconds, ending in Z.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static byte[] RenderInbox(InboxRecord inbox)
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
            json.WriteString("createdAt", FormatTimestamp(inbox.CreatedAt));
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WritePool(Utf8JsonWriter json, PoolRecord pool, int inboxCount)
    {
        json.WriteStartObject();
        json.WriteString("id", pool.Id);
        json.WriteString("name", pool.Name);
        json.WriteNumber("inboxCount", inboxCount);
        json.WriteString("createdAt", FormatTimestamp(pool.CreatedAt));
        json.WriteEndObject();
    }
}
