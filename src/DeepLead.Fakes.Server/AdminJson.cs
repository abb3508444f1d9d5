using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The admin API's JSON, written by hand so that what leaves the stub is exactly what is documented: keys redacted,
/// passwords reduced to "was one given", optional values omitted rather than null.
/// </summary>
internal static class AdminJson
{
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] State(DeepLeadFake fake, IReadOnlyList<ScenarioLayer> layers) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("scenarios");
        WriteLayers(json, layers);
        fake.Admin.WriteStateProperties(json);
        json.WriteEndObject();
    });

    public static byte[] Scenarios(IReadOnlyList<ScenarioLayer> layers) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("scenarios");
        WriteLayers(json, layers);
        json.WriteEndObject();
    });

    private static void WriteLayers(Utf8JsonWriter json, IReadOnlyList<ScenarioLayer> layers)
    {
        json.WriteStartArray();
        foreach (var layer in layers)
        {
            json.WriteStartObject();
            json.WriteString("name", layer.Name);
            json.WriteString("loaded", layer.FromStart ? "start" : "admin");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static byte[] Rules(DeepLeadFake fake) => Write(json =>
    {
        json.WriteStartObject();
        json.WritePropertyName("rules");
        fake.Admin.WriteRules(json);
        json.WriteEndObject();
    });

    /// <summary>The kept calls after sequence number <paramref name="since"/>, oldest first, as the journal recorded them (redacted).</summary>
    public static byte[] Journal(DeepLeadFake fake, long since) => Write(json => fake.Admin.WriteJournal(json, since));

    /// <summary>One entry of an error's <c>details</c>.</summary>
    public readonly record struct FieldProblem(string Field, string Message);

    public const string ValidationFailed = "Validation failed";

    /// <summary>The documented error shape, written by the library as the API's own errors are.</summary>
    public static byte[] Error(string message, IReadOnlyList<FieldProblem>? details) =>
        DeepLeadFakeAdmin.ErrorBody(message, details?.Select(d => KeyValuePair.Create(d.Field, d.Message)).ToList());
}
