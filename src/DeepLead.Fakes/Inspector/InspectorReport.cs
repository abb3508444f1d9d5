using System.Security.Cryptography;
using System.Text;

namespace DeepLead.Fakes.Inspector;

/// <summary>
/// The inspector's views as one self-contained HTML file: the page's own HTML, CSS and script inlined, the data as a
/// JSON block the script reads (<c>JSON.parse</c>, rendered as text, as on the served page). Its Content-Security-Policy
/// allows exactly the inlined script and style by their hashes and no network at all.
/// </summary>
internal static class InspectorReport
{
    /// <summary>Call details (request, response, explanation) are kept for the newest calls only, to keep the file small.</summary>
    public const int DetailedCalls = 1000;

    private const string StyleLink = "<link rel=\"stylesheet\" href=\"inspector.css\">";
    private const string ScriptTag = "<script src=\"inspector.js\"></script>";

    /// <summary>Everything the views show, in one document (also served at <c>/api/report</c>).</summary>
    public static byte[] Data(InspectorSource source) => InspectorJson.Write(json =>
    {
        var (calls, dropped) = source.World.Journal.SnapshotWithDropped();
        json.WriteStartObject();
        json.WriteString("generatedAt", InspectorJson.Time(DateTimeOffset.UtcNow));
        json.WritePropertyName("calls");
        InspectorJson.WriteCalls(json, calls, calls.Count + dropped);
        json.WriteStartObject("details");
        foreach (var call in calls.Skip(Math.Max(0, calls.Count - DetailedCalls)))
        {
            json.WritePropertyName(call.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            InspectorJson.WriteDetail(json, call);
        }
        json.WriteEndObject();
        json.WritePropertyName("state");
        InspectorJson.WriteState(json, source.World);
        json.WritePropertyName("coverage");
        InspectorJson.WriteCoverage(json, calls, dropped, source.Journal.Capacity, source.World);
        json.WritePropertyName("rules");
        InspectorJson.WriteRules(json, source.World.Primary.Rules.Usage());
        json.WritePropertyName("scenario");
        InspectorJson.WriteScenario(json, source.ScenarioNames(), source.Admin, canLoad: false);
        json.WritePropertyName("host");
        InspectorJson.WriteHostView(json, source.Admin);
        json.WriteEndObject();
    });

    public static string Html(InspectorSource source)
    {
        var page = InspectorPage.ResourceText("index.html");
        var style = InspectorPage.ResourceText("inspector.css");
        var script = InspectorPage.ResourceText("inspector.js");
        // Utf8JsonWriter escapes '<', '>' and '&' (as \u003C ...), so the data cannot close its script element.
        var data = Encoding.UTF8.GetString(Data(source));
        var policy = $"default-src 'none'; script-src '{Hash(script)}'; style-src '{Hash(style)}'; img-src data:; base-uri 'none'; form-action 'none'";
        if (!page.Contains(StyleLink, StringComparison.Ordinal) || !page.Contains(ScriptTag, StringComparison.Ordinal) || !page.Contains("<head>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The inspector's index.html lost the markers the report replaces.");
        }
        return page
            .Replace("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n", "", StringComparison.Ordinal)
            .Replace("<head>", $"<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">", StringComparison.Ordinal)
            .Replace(StyleLink, "<style>" + style + "</style>", StringComparison.Ordinal)
            .Replace(ScriptTag, "<script type=\"application/json\" id=\"report-data\">" + data + "</script>\n<script>" + script + "</script>", StringComparison.Ordinal);
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
