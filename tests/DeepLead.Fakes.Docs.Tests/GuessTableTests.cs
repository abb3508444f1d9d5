using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepLead.Fakes;

namespace DeepLead.Fakes.Docs.Tests;

/// <summary>
/// Issue 26, "one table of every guess": docs/behaviour.md's table, the scenario schema's settings, FakeVariants.All
/// and the OpenAPI document's x-deeplead-fake-guess notes name the same settings, defaults and values.
/// </summary>
public sealed partial class GuessTableTests
{
    private static readonly string Root = typeof(GuessTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private const string Header = "| Decision | Setting | Default | Other values | C# option | Variants | Why the default |";

    /// <summary>One row of the table that names a setting.</summary>
    public sealed record Row(string Setting, string Default, IReadOnlyList<string> Others, string Option, bool InVariants);

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex Code();

    private static IReadOnlyList<Row> Table()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "behaviour.md"));
        var start = Array.IndexOf(lines, Header);
        Assert.True(start >= 0, $"docs/behaviour.md has no table with the header {Header}");
        var rows = new List<Row>();
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            // Cells split on " | ": a cell's own text never holds one.
            var cells = line.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
            Assert.True(cells.Length == 7, $"a row of the guess table has {cells.Length} cells: {line}");
            if (cells[1] == "—")
            {
                Assert.All(cells[3..6], c => Assert.Equal("—", c));
                continue;
            }
            rows.Add(new Row(
                Code().Match(cells[1]).Groups[1].Value,
                Code().Match(cells[2]).Groups[1].Value,
                [.. Code().Matches(cells[3]).Select(m => m.Groups[1].Value)],
                Code().Match(cells[4]).Groups[1].Value,
                cells[5] switch { "each" => true, "no" => false, _ => throw new InvalidOperationException($"Variants must be 'each' or 'no': {line}") }));
        }
        return rows;
    }

    /// <summary>Every x-deeplead-fake-guess note (an object, or an array of them) in the OpenAPI document.</summary>
    private static List<JsonElement> Notes(JsonElement element)
    {
        var notes = new List<JsonElement>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in e.EnumerateObject())
                {
                    if (property.Name == "x-deeplead-fake-guess")
                    {
                        notes.AddRange(property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : [property.Value]);
                    }
                    Walk(property.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
        Walk(element);
        return notes;
    }

    /// <summary>The default and the other values, in one order for comparing.</summary>
    private static IEnumerable<string> Values(Row row) => new[] { row.Default }.Concat(row.Others).Order(StringComparer.Ordinal);

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    [Fact]
    public void The_table_names_every_switchable_setting_of_the_scenario_schema_with_its_default_and_values()
    {
        var rows = Table();
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "scenarios", "scenario.schema.json")));
        var settings = schema.RootElement.GetProperty("properties").GetProperty("settings").GetProperty("properties");

        // Every setting with a choice of readings: an enum, or maxBatchSize's number-or-null.
        var switchable = settings.EnumerateObject().Where(p => p.Value.TryGetProperty("enum", out _) || p.Name == "maxBatchSize").Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(switchable, rows.Select(r => r.Setting).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var property = settings.GetProperty(row.Setting);
            Assert.Equal(row.Default, Text(property.GetProperty("default")));
            if (property.TryGetProperty("enum", out var values))
            {
                Assert.Equal(Values(row), values.EnumerateArray().Select(Text).Order(StringComparer.Ordinal));
            }
            else
            {
                Assert.Equal(["null"], row.Others);
                Assert.Equal(["integer", "null"], property.GetProperty("type").EnumerateArray().Select(Text));
            }
        }
    }

    [Fact]
    public void The_openapi_document_notes_every_setting_of_the_table_and_no_other_with_the_same_default_and_values()
    {
        var rows = Table().ToDictionary(r => r.Setting);
        using var openApi = JsonDocument.Parse(DeepLeadOpenApi.Json);

        var notes = Notes(openApi.RootElement);

        Assert.Equal(rows.Keys.Order(StringComparer.Ordinal), notes.Select(n => n.GetProperty("setting").GetString()!).Distinct().Order(StringComparer.Ordinal));
        foreach (var note in notes)
        {
            var row = rows[note.GetProperty("setting").GetString()!];
            Assert.Equal(row.Default, Text(note.GetProperty("default")));
            var values = note.GetProperty("values").EnumerateArray().Select(Text).ToList();
            if (row.Setting == "maxBatchSize")
            {
                Assert.Equal(["a positive integer", "null"], values);
                continue;
            }
            Assert.Equal(Values(row), values.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Fake_variants_are_the_defaults_then_each_other_value_of_the_rows_marked_each()
    {
        var rows = Table();

        var expected = new List<string> { "default" };
        expected.AddRange(rows.Where(r => r.InVariants).SelectMany(r => r.Others.Select(v => $"{r.Setting}={v}")));

        Assert.Equal(expected.Order(StringComparer.Ordinal), FakeVariants.All.Select(v => v.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("default", FakeVariants.All[0].ToString());
    }

    [Fact]
    public void Each_row_names_the_option_that_sets_it_and_the_option_sets_that_setting()
    {
        foreach (var row in Table())
        {
            var option = typeof(DeepLeadFakeOptions).GetProperty(row.Option);
            Assert.True(option is not null, $"{row.Setting}: DeepLeadFakeOptions has no {row.Option}");
            var type = Nullable.GetUnderlyingType(option.PropertyType) ?? option.PropertyType;
            if (type.IsEnum)
            {
                // The option's values are the setting's, spelled as a scenario writes them.
                Assert.Equal(Values(row), Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName).Order(StringComparer.Ordinal));
            }
        }
    }
}
