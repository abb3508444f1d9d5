using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// The scenario JSON Schema and the types scenario files are read into describe the same documents: at every object
/// of the schema, the same property names and the same required ones as the type's JSON contract, or, for a rule (read
/// by hand into <see cref="FakeRule"/>), as the format its reader enforces. Pools, inboxes, keys and rules are read into
/// the public types code options use, so a file and code can never disagree.
/// </summary>
public sealed class ScenarioSchemaModelTests
{
    [Fact]
    public void Every_object_in_the_schema_has_exactly_the_properties_and_required_ones_of_its_type()
    {
        var schema = JsonNode.Parse(ScenarioSchema.Json)!.AsObject();
        var checkedObjects = new List<string>();

        Compare(schema, ScenarioLoader.Options.GetTypeInfo(typeof(ScenarioModel)), "$", checkedObjects);

        // Not vacuous: the walk reached the definition types and the nested settings and rule objects.
        Assert.Contains("$.pools[]", checkedObjects);
        Assert.Contains("$.inboxes[]", checkedObjects);
        Assert.Contains("$.apiKeys[]", checkedObjects);
        Assert.Contains("$.settings", checkedObjects);
        Assert.Contains("$.rules[]", checkedObjects);
        Assert.Contains("$.rules[].match", checkedObjects);
        Assert.Contains("$.rules[].respond", checkedObjects);
        Assert.Contains("$.rules[].delay", checkedObjects);
        Assert.Contains("$.rules[].failItem", checkedObjects);
        Assert.Contains("$.generate", checkedObjects);
        Assert.Contains("$.generate.dailySendingLimit", checkedObjects);
    }

    [Fact]
    public void Scenario_pools_inboxes_and_keys_are_the_public_definition_types()
    {
        var model = ScenarioLoader.Options.GetTypeInfo(typeof(ScenarioModel));

        Assert.Equal(typeof(List<PoolDefinition>), model.Properties.Single(p => p.Name == "pools").PropertyType);
        Assert.Equal(typeof(List<InboxDefinition>), model.Properties.Single(p => p.Name == "inboxes").PropertyType);
        Assert.Equal(typeof(List<FakeApiKey>), model.Properties.Single(p => p.Name == "apiKeys").PropertyType);
        Assert.Equal(typeof(List<FakeRule>), model.Properties.Single(p => p.Name == "rules").PropertyType);
        Assert.IsType<RuleFormat>(ScenarioLoader.Options.GetTypeInfo(typeof(FakeRule)).Converter);
        Assert.Equal(typeof(DataGeneration), model.Properties.Single(p => p.Name == "generate").PropertyType);
        Assert.IsType<GenerateFormat>(ScenarioLoader.Options.GetTypeInfo(typeof(DataGeneration)).Converter);
    }

    /// <summary>
    /// Every property of the <c>generate</c> format is read into <see cref="DataGeneration"/>: a block using them all reads
    /// and writes back unchanged, and leaving any one out reads differently (or not at all, when it is required).
    /// </summary>
    [Theory]
    [InlineData("""{"pools":2,"inboxesPerPool":3,"statuses":{"active":1,"paused":0.5},"providers":{"google":2,"custom":1},"dailySendingLimit":{"min":5,"max":9}}""")]
    [InlineData("""{"pools":1,"inboxes":7,"dailySendingLimit":{"min":1,"max":1}}""")]
    public void Every_property_of_the_generate_format_is_read_into_the_data_generation(string json)
    {
        var generation = JsonSerializer.Deserialize<DataGeneration>(json, ScenarioLoader.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(generation, ScenarioLoader.Options));
        foreach (var path in LeafPaths(JsonNode.Parse(json)!.AsObject(), "", GenerateFormat.Generate))
        {
            var without = JsonNode.Parse(json)!.AsObject();
            Remove(without, path);
            string? written;
            try
            {
                written = JsonSerializer.Serialize(JsonSerializer.Deserialize<DataGeneration>(without.ToJsonString(), ScenarioLoader.Options), ScenarioLoader.Options);
            }
            catch (JsonFormatException)
            {
                written = null;
            }
            Assert.True(written != json, $"leaving out {path} of {json} reads as the same block");
        }
    }

    [Fact]
    public void The_generate_examples_use_every_property_of_its_format()
    {
        var used = new[]
        {
            """{"pools":2,"inboxesPerPool":3,"statuses":{"active":1,"paused":0.5},"providers":{"google":2,"custom":1},"dailySendingLimit":{"min":5,"max":9}}""",
            """{"pools":1,"inboxes":7,"dailySendingLimit":{"min":1,"max":1}}""",
        }.SelectMany(json => JsonNode.Parse(json)!.AsObject().SelectMany(p => p.Key == "dailySendingLimit"
            ? p.Value!.AsObject().Select(r => "dailySendingLimit." + r.Key).Prepend(p.Key)
            : [p.Key])).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(FormatPaths(GenerateFormat.Generate, "").Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Every property the rule format lists is read, and read into the rule: a rule using them all reads and writes back
    /// unchanged, and leaving any one out reads as a different rule. So the format the schema is held to above is what
    /// the reader really reads, not only a list of names.
    /// </summary>
    [Fact]
    public void Every_property_of_the_rule_format_is_read_into_the_rule_and_written_back()
    {
        // Between them these use every property of the format but "ms" (failItem, failConnectionTest and fault each
        // exclude others, and "ms" is written back as minMs = maxMs).
        var rules = new[]
        {
            """{"name":"n","match":{"method":"POST","path":"/inboxes","query":{"q":"v*"},"body":{"emailAddress":"*@x.example"},"apiKey":"dl_*"},"respond":{"status":503,"error":"down","body":{"a":[1]},"headers":{"Retry-After":"2"}},"delay":{"minMs":5,"maxMs":10},"times":2,"probability":0.5}""",
            """{"match":{"path":"/pools"},"fault":"malformedChunk"}""",
            """{"match":{"method":"POST","path":"/inboxes"},"failItem":{"status":422,"error":"bad"}}""",
            """{"match":{"method":"POST","path":"/inboxes"},"failConnectionTest":"IMAP login failed"}""",
        };
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in rules)
        {
            var rule = Read(json);
            Assert.Empty(RuleValidation.Problems(rule));
            Assert.Equal(json, Write(rule));
            CollectPaths(JsonNode.Parse(json)!.AsObject(), "", used);
        }
        Assert.Equal(new FakeDelay(TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(7)), Read("""{"delay":{"ms":7}}""").Delay);
        used.Add("delay.ms");
        Assert.Equal(FormatPaths(RuleFormat.Rule, "").Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));

        // Each value is read into the rule: without it, the rule reads differently (or not at all, when it is required).
        foreach (var json in rules)
        {
            var whole = Write(Read(json));
            foreach (var path in LeafPaths(JsonNode.Parse(json)!.AsObject(), ""))
            {
                var without = JsonNode.Parse(json)!.AsObject();
                Remove(without, path);
                string? written;
                try
                {
                    written = Write(Read(without.ToJsonString()));
                }
                catch (JsonFormatException)
                {
                    written = null;
                }
                Assert.True(written != whole, $"leaving out {path} of {json} reads as the same rule");
            }
        }
    }

    private static FakeRule Read(string json) => JsonSerializer.Deserialize<FakeRule>(json, ScenarioLoader.Options)!;

    private static string Write(FakeRule rule) => JsonSerializer.Serialize(rule, ScenarioLoader.Options);

    /// <summary>"name", "match", "match.method", …: every property of a format and of the objects nested in it.</summary>
    private static IEnumerable<string> FormatPaths(JsonObjectFormat format, string prefix) =>
        format.Properties.SelectMany(p => format.Objects.TryGetValue(p, out var nested)
            ? FormatPaths(nested, prefix + p + ".").Prepend(prefix + p)
            : [prefix + p]);

    private static void CollectPaths(JsonObject json, string prefix, HashSet<string> paths)
    {
        foreach (var (name, value) in json)
        {
            paths.Add(prefix + name);
            if (value is JsonObject nested && RuleFormat.Rule.Objects.ContainsKey(name) && prefix.Length == 0)
            {
                CollectPaths(nested, name + ".", paths);
            }
        }
    }

    /// <summary>The properties that hold a value (not an object of the format), each as a dotted path.</summary>
    private static IEnumerable<string> LeafPaths(JsonObject json, string prefix, JsonObjectFormat? format = null) =>
        json.SelectMany(p => p.Value is JsonObject nested && prefix.Length == 0 && (format ?? RuleFormat.Rule).Objects.ContainsKey(p.Key)
            ? LeafPaths(nested, p.Key + ".", format)
            : [prefix + p.Key]);

    private static void Remove(JsonObject json, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            json.Remove(path);
        }
        else
        {
            Remove(json[path[..dot]]!.AsObject(), path[(dot + 1)..]);
        }
    }

    private static void Compare(JsonObject schema, JsonTypeInfo type, string path, List<string> checkedObjects)
    {
        if (type.Converter is IJsonObjectFormatConverter { Format: var format })
        {
            CompareFormat(schema, format, path, checkedObjects);
            return;
        }
        checkedObjects.Add(path);
        var schemaProperties = schema["properties"]!.AsObject();
        var typeProperties = type.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Assert.True(
            schemaProperties.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(typeProperties.Keys.Order(StringComparer.Ordinal)),
            $"{path}: schema has [{string.Join(", ", schemaProperties.Select(p => p.Key).Order(StringComparer.Ordinal))}], {type.Type.Name} has [{string.Join(", ", typeProperties.Keys.Order(StringComparer.Ordinal))}]");

        var required = schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [];
        var requiredByType = type.Properties.Where(p => IsRequired(type, p)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(required.SequenceEqual(requiredByType), $"{path}: schema requires [{string.Join(", ", required)}], {type.Type.Name} requires [{string.Join(", ", requiredByType)}]");

        foreach (var (name, node) in schemaProperties)
        {
            var clr = Unwrap(typeProperties[name].PropertyType, out var isList);
            var objectSchema = isList ? node?["items"]?.AsObject() : node?.AsObject();
            if (objectSchema?["properties"] is null || clr == typeof(JsonElement) || clr.IsGenericType)
            {
                continue;
            }
            Compare(objectSchema, ScenarioLoader.Options.GetTypeInfo(clr), $"{path}.{name}{(isList ? "[]" : "")}", checkedObjects);
        }
    }

    /// <summary>An object read by hand: the schema's properties and required ones are the format's, at every nested object.</summary>
    private static void CompareFormat(JsonObject schema, JsonObjectFormat format, string path, List<string> checkedObjects)
    {
        checkedObjects.Add(path);
        var schemaProperties = schema["properties"]!.AsObject();
        Assert.Equal(format.Properties.Order(StringComparer.Ordinal), schemaProperties.Select(p => p.Key).Order(StringComparer.Ordinal));
        var required = schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [];
        Assert.Equal(format.Required.Order(StringComparer.Ordinal), required);
        Assert.Equal(false, schema["additionalProperties"]?.GetValue<bool>());
        foreach (var (name, node) in schemaProperties)
        {
            // An object in the schema is an object of the format, and the other way round.
            Assert.Equal(format.Objects.ContainsKey(name), node?["properties"] is not null);
            if (format.Objects.TryGetValue(name, out var nested))
            {
                CompareFormat(node!.AsObject(), nested, $"{path}.{name}", checkedObjects);
            }
        }
    }

    /// <summary>Required by the <c>required</c> keyword, or as a constructor parameter without a default (positional records).</summary>
    private static bool IsRequired(JsonTypeInfo type, JsonPropertyInfo property) =>
        property.IsRequired
        || (type.Type.GetConstructors().SingleOrDefault(c => c.GetParameters().Length > 0) is { } constructor
            && constructor.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase) && !p.HasDefaultValue));

    private static Type Unwrap(Type type, out bool isList)
    {
        isList = false;
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            type = inner;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(List<>) || definition == typeof(IReadOnlyList<>)))
        {
            isList = true;
            return type.GetGenericArguments()[0];
        }
        return type;
    }
}
