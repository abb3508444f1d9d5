using System.Buffers;
using System.Text.Json;

namespace DeepLead.Fakes.Api;

/// <summary>The documented error shape: <c>{"error": "...", "details": [...]}</c>, details only for validation.</summary>
internal static class ErrorResponses
{
    public const string ValidationFailed = "Validation failed";

    public static ApiResponse Create(int status, string message, IReadOnlyList<FieldError>? details = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, ApiJson.WriterOptions))
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
        return new ApiResponse(status, buffer.WrittenSpan.ToArray()) { ErrorMessage = message };
    }

    public static string DefaultMessage(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Email already exists",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => $"Error {status}",
    };

    public static ApiResponse BadRequest(IReadOnlyList<FieldError> details) => Create(400, ValidationFailed, details);

    public static ApiResponse BadRequest(string field, string message) => BadRequest([new FieldError(field, message)]);
}
