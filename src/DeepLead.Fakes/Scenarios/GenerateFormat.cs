using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using static DeepLead.Fakes.Scenarios.JsonFormatReader;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// A scenario's <c>generate</c> block (<c>pools</c>, <c>inboxesPerPool</c>, <c>inboxes</c>, <c>statuses</c>,
/// <c>providers</c>, <c>dailySendingLimit</c>: <c>{min, max}</c>), read straight into the <see cref="DataGeneration"/>
/// code options use, so the block and code are one model: <c>inboxes</c> is <see cref="DataGeneration.TotalInboxes"/>
/// and the range is its two limits. Reading checks the shape; what no single value can say (a negative count, an
/// unknown status) is <c>DataGenerator</c>'s, for code and files alike.
/// </summary>
internal sealed class GenerateFormat : JsonConverter<DataGeneration>, IJsonObjectFormatConverter
{
    public static readonly JsonObjectFormat Range = new(["min", "max"], ["min", "max"], ImmutableDictionary<string, JsonObjectFormat>.Empty);

    public static readonly JsonObjectFormat Generate = new(
        ["pools", "inboxesPerPool", "inboxes", "statuses", "providers", "dailySendingLimit"],
        [],
        new Dictionary<string, JsonObjectFormat> { ["dailySendingLimit"] = Range });

    public JsonObjectFormat Format => Generate;

    public override DataGeneration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonFormatReader.Read(ref reader, options, ReadGenerate);

    /// <summary>The block as a file has it, the range always given.</summary>
    public override void Write(Utf8JsonWriter writer, DataGeneration value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("pools", value.Pools);
        WriteIfSet(writer, "inboxesPerPool", value.InboxesPerPool);
        WriteIfSet(writer, "inboxes", value.TotalInboxes);
        WriteNumbers(writer, "statuses", value.Statuses);
        WriteNumbers(writer, "providers", value.Providers);
        writer.WriteStartObject("dailySendingLimit");
        writer.WriteNumber("min", value.MinDailySendingLimit);
        writer.WriteNumber("max", value.MaxDailySendingLimit);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static DataGeneration ReadGenerate(ref Utf8JsonReader reader, ref string path, JsonSerializerOptions options)
    {
        ExpectObject(ref reader, path, Generate);
        var generation = new DataGeneration();
        var defaults = generation;
        while (NextProperty(ref reader, ref path, "", Generate) is { } property)
        {
            generation = property switch
            {
                "pools" => generation with { Pools = ReadInt(ref reader, path) ?? 0 },
                "inboxesPerPool" => generation with { InboxesPerPool = ReadInt(ref reader, path) },
                "inboxes" => generation with { TotalInboxes = ReadInt(ref reader, path) },
                "statuses" => generation with { Statuses = ReadNumbers(ref reader, ref path) },
                "providers" => generation with { Providers = ReadNumbers(ref reader, ref path) },
                "dailySendingLimit" => ReadRange(ref reader, ref path) is { } range
                    ? generation with { MinDailySendingLimit = range.Min, MaxDailySendingLimit = range.Max }
                    : generation with { MinDailySendingLimit = defaults.MinDailySendingLimit, MaxDailySendingLimit = defaults.MaxDailySendingLimit },
                _ => throw Unhandled(property),
            };
        }
        return generation;
    }

    /// <summary><c>{min, max}</c>, both required; null for <c>null</c> (the default range).</summary>
    private static (int Min, int Max)? ReadRange(ref Utf8JsonReader reader, ref string path)
    {
        if (IsNull(ref reader, path, Range))
        {
            return null;
        }
        var at = path;
        int? min = null, max = null;
        while (NextProperty(ref reader, ref path, at, Range) is { } property)
        {
            switch (property)
            {
                case "min":
                    min = ReadInt(ref reader, path) ?? throw Expected(path, typeof(int));
                    break;
                case "max":
                    max = ReadInt(ref reader, path) ?? throw Expected(path, typeof(int));
                    break;
                default:
                    throw Unhandled(property);
            }
        }
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (min is not null)
        {
            given.Add("min");
        }
        if (max is not null)
        {
            given.Add("max");
        }
        ThrowIfMissing(Range, at, given);
        return (min!.Value, max!.Value);
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } set)
        {
            json.WriteNumber(name, set);
        }
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, double>? numbers)
    {
        if (numbers is null)
        {
            return;
        }
        json.WriteStartObject(name);
        foreach (var (key, value) in numbers)
        {
            json.WriteNumber(key, value);
        }
        json.WriteEndObject();
    }
}
