using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Journal;

/// <summary>Masks password fields anywhere in a JSON body before it is kept or logged.</summary>
internal static class BodyRedaction
{
    public const string Mask = "***";

    // As readable as the API's own JSON: a log shows "'" rather than "\u0027".
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Any field that looks like a secret, misspelled ones included (<c>imapPasswrod</c>).</summary>
    private static readonly string[] SecretMarkers = ["pass", "pwd", "secret", "token", "key"];

    public static bool IsSecret(string name) => SecretMarkers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase));

    /// <summary>The body with secrets masked; a body that is not JSON is kept only as its size, since it may hold anything.</summary>
    public static string? Redact(ReadOnlyMemory<byte> body, int maxBytes)
    {
        if (body.IsEmpty)
        {
            return null;
        }
        if (body.Length > maxBytes)
        {
            return $"<{body.Length} bytes, not kept>";
        }
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var buffer = new ArrayBufferWriter<byte>(body.Length);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(writer, document.RootElement);
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, or JSON with text that is not valid Unicode: it may hold anything, so only its size is kept.
            return $"<{body.Length} bytes, not JSON>";
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecret(property.Name) && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        writer.WriteStringValue(Mask);
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
