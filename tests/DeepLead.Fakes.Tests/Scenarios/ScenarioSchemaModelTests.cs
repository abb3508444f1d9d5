using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// The scenario JSON Schema and the types scenario files are read into describe the same documents: at every object
/// of the schema, the same property names and the same required ones as the type's JSON contract. Pools, inboxes and
/// keys are read into the public definition types code options use, so a file and code can never disagree.
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
        Assert.Contains("$.rules[].match", checkedObjects);
    }

    [Fact]
    public void Scenario_pools_inboxes_and_keys_are_the_public_definition_types()
    {
        var model = ScenarioLoader.Options.GetTypeInfo(typeof(ScenarioModel));

        Assert.Equal(typeof(List<PoolDefinition>), model.Properties.Single(p => p.Name == "pools").PropertyType);
        Assert.Equal(typeof(List<InboxDefinition>), model.Properties.Single(p => p.Name == "inboxes").PropertyType);
        Assert.Equal(typeof(List<FakeApiKey>), model.Properties.Single(p => p.Name == "apiKeys").PropertyType);
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
