using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace DeepLead.Fakes.Contract;

/// <summary>
/// Turns JsonSchema.Net's error list into drifts a person can act on: which field, what the contract expects,
/// what was seen. Errors inside an <c>if</c> (a condition, not a rule), inside a <c>not</c> (there a failure is the
/// rule holding) and inside <c>oneOf</c> alternatives of the wrong type (the alternative that was not meant) are left out.
/// </summary>
internal static class DriftTranslator
{
    public static IReadOnlyList<ContractDrift> Translate(EvaluationResults results, JsonElement instance, JsonObject root, JsonObject defs, string? rootName)
    {
        var failures = new List<Failure>();
        Collect(results, failures);

        // oneOf/anyOf alternatives whose own type does not fit the value are not what the sender meant: drop them,
        // unless no alternative fits, in which case that is the difference to report.
        var wrongAlternatives = failures
            .Where(f => f.Keyword == "type" && AlternativePrefix(f.EvaluationPath) is not null)
            .ToList();
        var droppedPrefixes = wrongAlternatives.Select(f => AlternativePrefix(f.EvaluationPath)!).ToHashSet(StringComparer.Ordinal);
        var kept = failures
            .Where(f => !IsInsideCondition(f.EvaluationPath) && !IsInsideNegation(f.EvaluationPath))
            .Where(f => !droppedPrefixes.Any(prefix => f.EvaluationPath == prefix || f.EvaluationPath.StartsWith(prefix + "/", StringComparison.Ordinal)))
            .ToList();

        var drifts = new List<ContractDrift>();
        foreach (var failure in kept)
        {
            drifts.AddRange(Describe(failure, instance, root, defs, rootName));
        }

        // Combinators none of whose alternatives has the value's type: one type change for the whole choice.
        foreach (var group in wrongAlternatives.GroupBy(f => CombinatorPath(AlternativePrefix(f.EvaluationPath)!), StringComparer.Ordinal))
        {
            var combinator = Navigate(root, defs, rootName, group.Key);
            var alternatives = combinator.Node as JsonArray;
            var survivors = alternatives is null
                ? 0
                : alternatives.Count - group.Select(f => AlternativePrefix(f.EvaluationPath)).Distinct(StringComparer.Ordinal).Count();
            if (survivors > 0 || IsInsideCondition(group.Key))
            {
                continue;
            }
            var first = group.First();
            var value = Pointers.Evaluate(instance, first.InstanceLocation);
            var owner = Navigate(root, defs, rootName, Parent(group.Key));
            drifts.Add(new ContractDrift(ContractDriftKind.TypeChanged, first.InstanceLocation,
                SchemaText.Describe(owner.Node, defs), SchemaText.DescribeValue(value), owner.Name));
        }

        if (drifts.Count == 0)
        {
            // The validator said no but nothing above explains it: report its own words rather than hide it.
            drifts.AddRange(kept.Concat(failures).Take(1).Select(f => new ContractDrift(
                ContractDriftKind.ValueOutOfContract, f.InstanceLocation, $"{f.Keyword}: {f.Message}",
                SchemaText.DescribeValue(Pointers.Evaluate(instance, f.InstanceLocation)), rootName)));
            if (drifts.Count == 0)
            {
                drifts.Add(new ContractDrift(ContractDriftKind.ValueOutOfContract, "", SchemaText.Describe(root, defs), SchemaText.DescribeValue(instance), rootName));
            }
        }

        return [.. drifts
            .DistinctBy(d => (d.Kind, d.Pointer, d.Expected))
            .OrderBy(d => d.Pointer, PointerComparer.Instance)
            .ThenBy(d => d.Kind)];
    }

    private sealed record Failure(string EvaluationPath, string InstanceLocation, string Keyword, string Message);

    private static void Collect(EvaluationResults results, List<Failure> failures)
    {
        var nodes = new List<EvaluationResults>();
        Flatten(results, nodes);
        // JsonSchema.Net reports a failed "not" as an invalid node without a message beside its valid "not" subschema.
        var validNegations = nodes
            .Where(n => n.IsValid && n.EvaluationPath.ToString().EndsWith("/not", StringComparison.Ordinal))
            .Select(n => (n.EvaluationPath.ToString(), n.InstanceLocation.ToString()))
            .ToHashSet();
        foreach (var node in nodes.Where(n => !n.IsValid))
        {
            var evaluationPath = node.EvaluationPath.ToString();
            var instanceLocation = node.InstanceLocation.ToString();
            if (node.Errors is { Count: > 0 } errors)
            {
                foreach (var (keyword, message) in errors)
                {
                    failures.Add(new Failure(evaluationPath, instanceLocation, keyword, message));
                }
            }
            else if (validNegations.Contains((evaluationPath + "/not", instanceLocation)))
            {
                failures.Add(new Failure(evaluationPath, instanceLocation, "not", "must not match its 'not' schema"));
            }
        }
    }

    private static void Flatten(EvaluationResults node, List<EvaluationResults> nodes)
    {
        nodes.Add(node);
        if (node.Details is { } details)
        {
            foreach (var child in details)
            {
                Flatten(child, nodes);
            }
        }
    }

    private static IEnumerable<ContractDrift> Describe(Failure failure, JsonElement instance, JsonObject root, JsonObject defs, string? rootName)
    {
        var cursor = Navigate(root, defs, rootName, failure.EvaluationPath);
        var value = Pointers.Evaluate(instance, failure.InstanceLocation);
        var schema = cursor.Node as JsonObject;
        switch (failure.Keyword)
        {
            case "required":
                var present = value is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                var required = schema?["required"] as JsonArray ?? [];
                var missing = required.Select(r => r?.GetValue<string>()).OfType<string>().Where(name => !present.Contains(name)).ToList();
                if (missing.Count == 0)
                {
                    yield return new ContractDrift(ContractDriftKind.MissingField, failure.InstanceLocation, failure.Message, SchemaText.DescribeValue(value), cursor.Name);
                    yield break;
                }
                foreach (var name in missing)
                {
                    var propertySchema = schema?["properties"]?[name] ?? (cursor.Owner as JsonObject)?["properties"]?[name];
                    var when = cursor.Branch is null ? "" : $" (required when {Condition(cursor)})";
                    yield return new ContractDrift(ContractDriftKind.MissingField, $"{failure.InstanceLocation}/{Pointers.Escape(name)}",
                        $"{SchemaText.Describe(propertySchema, defs)}{when}", "nothing", cursor.OwnerName ?? cursor.Name);
                }
                yield break;

            case "":
                // A false schema: an undocumented property (additionalProperties: false) or one a branch forbids.
                var field = Pointers.Segments(failure.InstanceLocation).LastOrDefault() ?? "";
                string expected;
                if (failure.EvaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) || failure.EvaluationPath == "/additionalProperties")
                {
                    var container = cursor.Container as JsonObject;
                    var documented = container?["properties"] is JsonObject properties ? string.Join(", ", properties.Select(p => p.Key)) : "";
                    expected = documented.Length == 0
                        ? $"no field '{field}'"
                        : $"no field '{field}' ({cursor.Name ?? "this object"} has only: {documented})";
                }
                else if (cursor.Branch is not null)
                {
                    expected = $"no field '{field}' when {Condition(cursor)}";
                }
                else
                {
                    expected = $"no field '{field}'";
                }
                yield return new ContractDrift(ContractDriftKind.UnexpectedField, failure.InstanceLocation, expected, SchemaText.DescribeValue(value), cursor.OwnerName ?? cursor.Name);
                yield break;

            case "not" when (schema?["not"]?["required"] is JsonArray forbidden):
                // "not": {"required": [...]} forbids fields (client generators read it, unlike a false property schema).
                var presentFields = value is { ValueKind: JsonValueKind.Object } forbiddenIn ? forbiddenIn.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                foreach (var name in forbidden.Select(r => r?.GetValue<string>()).OfType<string>().Where(presentFields.Contains))
                {
                    var when = cursor.Branch is null ? "" : $" when {Condition(cursor)}";
                    yield return new ContractDrift(ContractDriftKind.UnexpectedField, $"{failure.InstanceLocation}/{Pointers.Escape(name)}",
                        $"no field '{name}'{when}", SchemaText.DescribeValue(Pointers.Evaluate(instance, $"{failure.InstanceLocation}/{Pointers.Escape(name)}")), cursor.OwnerName ?? cursor.Name);
                }
                yield break;

            case "type":
                var expectedType = schema is null ? failure.Message : string.Join(" or ", SchemaText.TypeNames(schema));
                var described = schema is null ? expectedType : SchemaText.Describe(schema, defs);
                yield return new ContractDrift(ContractDriftKind.TypeChanged, failure.InstanceLocation,
                    described, SchemaText.DescribeValue(value), cursor.Name);
                yield break;

            default:
                yield return new ContractDrift(ContractDriftKind.ValueOutOfContract, failure.InstanceLocation,
                    Constraint(failure.Keyword, schema, defs, failure.Message), DescribeForConstraint(failure.Keyword, value), cursor.Name);
                yield break;
        }
    }

    private static string Constraint(string keyword, JsonObject? schema, JsonObject defs, string message)
    {
        var raw = schema?[keyword];
        return keyword switch
        {
            "pattern" when raw is not null => $"a string matching {raw.GetValue<string>()}",
            "format" when raw is not null => $"a valid {raw.GetValue<string>()} string",
            "enum" when raw is JsonArray values => "one of " + string.Join(", ", values.Select(v => v?.ToJsonString() ?? "null")),
            "const" when raw is not null => $"exactly {raw.ToJsonString()}",
            "minimum" when raw is not null => $"a number >= {raw.ToJsonString()}",
            "maximum" when raw is not null => $"a number <= {raw.ToJsonString()}",
            "exclusiveMinimum" when raw is not null => $"a number > {raw.ToJsonString()}",
            "exclusiveMaximum" when raw is not null => $"a number < {raw.ToJsonString()}",
            "minLength" when raw is not null => $"a string of at least {raw.ToJsonString()} character(s)",
            "maxLength" when raw is not null => $"a string of at most {raw.ToJsonString()} character(s)",
            "minItems" when raw is not null => $"at least {raw.ToJsonString()} item(s)",
            "maxItems" when raw is not null => $"at most {raw.ToJsonString()} item(s)",
            "uniqueItems" => "no repeated items",
            "oneOf" => "exactly one of: " + (raw is JsonArray alternatives ? string.Join("; ", alternatives.Select(a => SchemaText.Describe(a, defs))) : message),
            _ => raw is null ? $"{keyword} ({message})" : $"{keyword} {raw.ToJsonString()} ({message})",
        };
    }

    private static string DescribeForConstraint(string keyword, JsonElement? value) =>
        keyword is "minItems" or "maxItems" && value is { ValueKind: JsonValueKind.Array } array
            ? $"{array.GetArrayLength()} item(s)"
            : SchemaText.DescribeValue(value);

    /// <summary>"success is true", from <c>if: {properties: {success: {const: true}}}</c>; negated in <c>else</c>.</summary>
    private static string Condition(Cursor cursor)
    {
        var conditions = new List<string>();
        if (cursor.Condition?["properties"] is JsonObject properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                if (propertySchema?["const"] is { } constant)
                {
                    conditions.Add(cursor.Branch == "else" ? $"'{name}' is not {constant.ToJsonString()}" : $"'{name}' is {constant.ToJsonString()}");
                }
                else if (cursor.Branch == "then" && propertySchema?["type"]?.GetValueKind() == JsonValueKind.String && propertySchema["type"]!.GetValue<string>() == "null")
                {
                    conditions.Add($"'{name}' is absent or null");
                }
                else if (cursor.Branch == "then" && propertySchema?["description"]?.GetValueKind() == JsonValueKind.String)
                {
                    conditions.Add($"'{name}' {propertySchema["description"]!.GetValue<string>()}");
                }
            }
        }
        if (conditions.Count == 0)
        {
            return cursor.Branch == "else" ? "the schema's 'if' condition does not hold" : "the schema's 'if' condition holds";
        }
        return string.Join(cursor.Branch == "else" ? " or " : " and ", conditions);
    }

    private sealed record Cursor(JsonNode? Node, string? Name, JsonNode? Container, JsonNode? Owner, string? OwnerName, string? Branch, JsonNode? Condition);

    /// <summary>Follows an evaluation path (keywords, <c>$ref</c> hops) from the root schema to the subschema that failed.</summary>
    private static Cursor Navigate(JsonObject root, JsonObject defs, string? rootName, string evaluationPath)
    {
        JsonNode? node = root;
        JsonNode? container = null;
        JsonNode? owner = null;
        string? ownerName = null;
        string? branch = null;
        JsonNode? condition = null;
        var name = rootName;
        string? previous = null;
        foreach (var segment in Pointers.Segments(evaluationPath))
        {
            if (segment == "$ref")
            {
                var target = SchemaText.RefName(node);
                if (target is not null)
                {
                    container = node;
                    node = defs[target];
                    name = target;
                    branch = null;
                    condition = null;
                }
                previous = segment;
                continue;
            }
            // JsonSchema.Net 8 repeats "items" in the evaluation path of an item: step into it only once.
            if (segment == "items" && previous == "items" && node is JsonObject current && !current.ContainsKey("items"))
            {
                continue;
            }
            if (segment is "then" or "else")
            {
                owner = node;
                ownerName = name;
                branch = segment;
                condition = node?["if"];
            }
            container = node;
            node = Pointers.Child(node, segment);
            previous = segment;
            if (node is null)
            {
                break;
            }
        }
        return new Cursor(node, name, container, owner, branch is null ? null : ownerName, branch, condition);
    }

    private static bool IsInsideCondition(string evaluationPath) =>
        Pointers.Segments(evaluationPath).Contains("if", StringComparer.Ordinal);

    private static bool IsInsideNegation(string evaluationPath) =>
        Pointers.Segments(evaluationPath).Contains("not", StringComparer.Ordinal);

    /// <summary>For <c>.../oneOf/1/$ref</c> or <c>.../oneOf/1</c>: <c>.../oneOf/1</c>; otherwise null.</summary>
    private static string? AlternativePrefix(string evaluationPath)
    {
        var segments = Pointers.Segments(evaluationPath).ToList();
        while (segments.Count > 0 && segments[^1] == "$ref")
        {
            segments.RemoveAt(segments.Count - 1);
        }
        if (segments.Count >= 2 && segments[^2] is "oneOf" or "anyOf" && int.TryParse(segments[^1], out _))
        {
            return "/" + string.Join("/", segments.Select(Pointers.Escape));
        }
        return null;
    }

    private static string CombinatorPath(string alternativePrefix) => Parent(alternativePrefix);

    private static string Parent(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash <= 0 ? "" : pointer[..slash];
    }

    /// <summary>Orders pointers segment by segment, array indexes numerically.</summary>
    private sealed class PointerComparer : IComparer<string>
    {
        public static readonly PointerComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var left = Pointers.Segments(x ?? "");
            var right = Pointers.Segments(y ?? "");
            for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
            {
                var order = int.TryParse(left[i], out var a) && int.TryParse(right[i], out var b)
                    ? a.CompareTo(b)
                    : string.CompareOrdinal(left[i], right[i]);
                if (order != 0)
                {
                    return order;
                }
            }
            return left.Length.CompareTo(right.Length);
        }
    }
}
