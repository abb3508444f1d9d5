using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// The scenario JSON Schema and the types scenario files are read into describe the same documents: at every object
/// of the schema, the same property names and the same required ones as the type's JSON contract. Pools, inboxes and
/// keys are read into the public types code options use; a rule and the <c>generate</c> block, spelt differently in a
/// file, into file-shaped records mapped to the public <see cref="FakeRule"/> and <see cref="DataGeneration"/>, and the
/// tests below show that every property of those records is read into the model and written back.
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
        Assert.Equal(typeof(List<RuleFile>), model.Properties.Single(p => p.Name == "rules").PropertyType);
        Assert.Equal(typeof(GenerateFile), model.Properties.Single(p => p.Name == "generate").PropertyType);
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
        static string RoundTrip(string json) =>
            JsonSerializer.Serialize(GenerateFile.From(JsonSerializer.Deserialize<GenerateFile>(json, ScenarioLoader.Options)!.ToGeneration()), DeepLead.Fakes.Admin.RuleListing.WriteOptions);

        Assert.Equal(json, RoundTrip(json));
        foreach (var path in LeafPaths(JsonNode.Parse(json)!.AsObject(), "", GenerateObjects))
        {
            var without = JsonNode.Parse(json)!.AsObject();
            Remove(without, path);
            string? written;
            try
            {
                written = RoundTrip(without.ToJsonString());
            }
            catch (JsonException)
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

        Assert.Equal(ContractPaths(typeof(GenerateFile), "", GenerateObjects).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
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
        Assert.Equal(ContractPaths(typeof(RuleFile), "", RuleObjects).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));

        // Each value is read into the rule: without it, the rule reads differently (or not at all, when it is required).
        foreach (var json in rules)
        {
            var whole = Write(Read(json));
            foreach (var path in LeafPaths(JsonNode.Parse(json)!.AsObject(), "", RuleObjects))
            {
                var without = JsonNode.Parse(json)!.AsObject();
                Remove(without, path);
                string? written;
                try
                {
                    written = Write(Read(without.ToJsonString()));
                }
                catch (Exception exception) when (exception is JsonException or ScenarioException)
                {
                    written = null;
                }
                Assert.True(written != whole, $"leaving out {path} of {json} reads as the same rule");
            }
        }
    }

    /// <summary>The properties of a rule and of <c>generate</c> that hold objects of the format (not maps).</summary>
    private static readonly IReadOnlySet<string> RuleObjects = new HashSet<string>(["match", "respond", "delay", "failItem"], StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> GenerateObjects = new HashSet<string>(["dailySendingLimit"], StringComparer.Ordinal);

    private static FakeRule Read(string json) =>
        RuleFormat.ToRule(JsonSerializer.Deserialize<RuleFile>(json, ScenarioLoader.Options)!, new LoadedScenario(new ScenarioModel(), "test", Encoding.UTF8.GetBytes(json)), "$");

    private static string Write(FakeRule rule) => JsonSerializer.Serialize(DeepLead.Fakes.Admin.RuleListing.ToFile(rule), DeepLead.Fakes.Admin.RuleListing.WriteOptions);

    /// <summary>"name", "match", "match.method", …: every property of a file record and of the objects nested in it.</summary>
    private static IEnumerable<string> ContractPaths(Type type, string prefix, IReadOnlySet<string> objects) =>
        ScenarioLoader.Options.GetTypeInfo(type).Properties.SelectMany(p => objects.Contains(p.Name) && prefix.Length == 0
            ? ContractPaths(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, p.Name + ".", objects).Prepend(p.Name)
            : [prefix + p.Name]);

    private static void CollectPaths(JsonObject json, string prefix, HashSet<string> paths)
    {
        foreach (var (name, value) in json)
        {
            paths.Add(prefix + name);
            if (value is JsonObject nested && RuleObjects.Contains(name) && prefix.Length == 0)
            {
                CollectPaths(nested, name + ".", paths);
            }
        }
    }

    /// <summary>The properties that hold a value (not an object of the format), each as a dotted path.</summary>
    private static IEnumerable<string> LeafPaths(JsonObject json, string prefix, IReadOnlySet<string> objects) =>
        json.SelectMany(p => p.Value is JsonObject nested && prefix.Length == 0 && objects.Contains(p.Key)
            ? LeafPaths(nested, p.Key + ".", objects)
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
