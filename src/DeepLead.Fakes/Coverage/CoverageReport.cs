using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>One documented behaviour and how many calls exercised it.</summary>
public sealed record CoverageEntry
{
    internal CoverageEntry(string name, string description, long calls) => (Name, Description, Calls) = (name, description, calls);

    public string Name { get; }
    public string Description { get; }
    public long Calls { get; }
    public bool Exercised => Calls > 0;
}

/// <summary>
/// Which documented endpoints, statuses and error paths the calls exercised, and which they never did:
/// "POST /inboxes -> 409 never returned" means no test saw a conflict.
/// </summary>
public sealed class CoverageReport
{
    internal CoverageReport(IReadOnlyList<CoverageEntry> entries, long callsWithWarnings = 0)
    {
        Entries = entries;
        CallsWithWarnings = callsWithWarnings;
    }

    public IReadOnlyList<CoverageEntry> Entries { get; }

    /// <summary>Calls in which the fake ignored something (an unknown field or parameter, an empty value): see their <see cref="FakeCall.Warnings"/>.</summary>
    public long CallsWithWarnings { get; }

    public IReadOnlyList<CoverageEntry> Exercised => [.. Entries.Where(e => e.Exercised)];

    public IReadOnlyList<CoverageEntry> Missed => [.. Entries.Where(e => !e.Exercised)];

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("exercised", Exercised.Count);
            json.WriteNumber("documented", Entries.Count);
            json.WriteNumber("callsWithWarnings", CallsWithWarnings);
            json.WriteStartArray("entries");
            foreach (var entry in Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("description", entry.Description);
                json.WriteNumber("calls", entry.Calls);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("missed");
            foreach (var entry in Missed)
            {
                json.WriteStringValue(entry.Name);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("DeepLead fake coverage: ").Append(Exercised.Count).Append(" of ").Append(Entries.Count).AppendLine(" documented behaviours exercised.");
        if (CallsWithWarnings > 0)
        {
            text.Append("  ").Append(CallsWithWarnings).AppendLine(" calls sent input the fake ignored (X-DeepLead-Fake-Warning; the journal's warnings say what).");
        }
        foreach (var entry in Missed)
        {
            text.Append("  never: ").Append(entry.Name).Append(" (").Append(entry.Description).AppendLine(")");
        }
        return text.ToString().TrimEnd();
    }
}
