using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Journal;

/// <summary>Masks password fields anywhere in a JSON body before it is kept or logged.</summary>
internal static class BodyRedaction
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase) { "imapPassword", "smtpPassword", "password" };

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
            using (var writer = new Utf8JsonWriter(buffer, Api.ApiJson.WriterOptions))
            {
                Write(writer, document.RootElement);
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
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
                    if (SecretFields.Contains(property.Name) && property.Value.ValueKind != JsonValueKind.Null)
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
