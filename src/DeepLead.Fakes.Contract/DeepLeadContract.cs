using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace DeepLead.Fakes.Contract;

/// <summary>
/// The DeepLead contract: the OpenAPI 3.1 document (by default the one shipped in DeepLead.Fakes,
/// <see cref="DeepLeadOpenApi"/>) turned into JSON Schema validators for every documented response and request body.
/// <code>
/// var result = DeepLeadContract.Default.ValidateResponse("GET", "/api/v1/pools", 200, "application/json", body);
/// if (!result.IsValid) Console.WriteLine(string.Join("\n", result.Drifts));
/// </code>
/// </summary>
public sealed class DeepLeadContract
{
    internal const string JsonMediaType = "application/json";
    private const string ComponentSchemaPrefix = "#/components/schemas/";
    private const string DefsPrefix = "#/$defs/";
    private const string SchemaBaseUri = "https://contract.deeplead.invalid/";

    private static readonly Lazy<DeepLeadContract> LazyDefault = new(() => Parse(DeepLeadOpenApi.Json), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly JsonObject _defs;
    private readonly BuildOptions _buildOptions;
    private readonly ConcurrentDictionary<string, Lazy<CompiledSchema>> _compiled = new(StringComparer.Ordinal);

    private DeepLeadContract(JsonObject document, JsonObject defs, IReadOnlyList<ContractOperation> operations)
    {
        Document = document;
        _defs = defs;
        Operations = operations;
        _buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        OpenApiVersion = document["openapi"]?.GetValue<string>() ?? "";
        var server = document["servers"]?[0]?["url"]?.GetValue<string>();
        ServerUrl = server is null ? null : new Uri(server, UriKind.Absolute);
    }

    /// <summary>The contract of the shipped OpenAPI document (<see cref="DeepLeadOpenApi.Json"/>).</summary>
    public static DeepLeadContract Default => LazyDefault.Value;

    /// <summary>The parsed OpenAPI document (do not modify it).</summary>
    public JsonObject Document { get; }

    /// <summary>The document's <c>openapi</c> version, e.g. <c>3.1.0</c>.</summary>
    public string OpenApiVersion { get; }

    /// <summary>The first server URL, e.g. <c>https://app.deeplead.com/api/v1</c>.</summary>
    public Uri? ServerUrl { get; }

    /// <summary>Every documented operation.</summary>
    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>The names of the component schemas (<c>Pool</c>, <c>Inbox</c>, ...).</summary>
    public IReadOnlyCollection<string> SchemaNames => [.. _defs.Select(p => p.Key)];

    /// <summary>Reads an OpenAPI 3.1 document. Throws <see cref="FormatException"/> if it is not one this class can use.</summary>
    public static DeepLeadContract Parse(string openApiJson)
    {
        ArgumentNullException.ThrowIfNull(openApiJson);
        JsonObject document;
        try
        {
            document = JsonNode.Parse(openApiJson) as JsonObject
                ?? throw new FormatException("The OpenAPI document must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The OpenAPI document is not valid JSON: {exception.Message}", exception);
        }

        var schemas = document["components"]?["schemas"] as JsonObject ?? [];
        var defs = (JsonObject)RewriteSchemaRefs(schemas, "components/schemas")!;

        var operations = new List<ContractOperation>();
        if (document["paths"] is JsonObject paths)
        {
            foreach (var (path, pathItemNode) in paths)
            {
                if (ResolveRef(document, pathItemNode) is not JsonObject pathItem)
                {
                    continue;
                }
                foreach (var (method, operationNode) in pathItem)
                {
                    if (!IsHttpMethod(method) || operationNode is not JsonObject operation)
                    {
                        continue;
                    }
                    operations.Add(ReadOperation(document, method.ToUpperInvariant(), path, operation));
                }
            }
        }
        return new DeepLeadContract(document, defs, operations);
    }

    /// <summary>The operation a request addresses, or null when the contract has none for that method and path.</summary>
    public ContractOperation? FindOperation(string method, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestPath);
        ContractOperation? best = null;
        foreach (var operation in Operations)
        {
            if (string.Equals(operation.Method, method, StringComparison.OrdinalIgnoreCase) && operation.MatchesPath(requestPath)
                && (best is null || operation.Path.Length > best.Path.Length))
            {
                best = operation;
            }
        }
        return best;
    }

    /// <summary>
    /// Checks a response against the contract: the status must be documented for the operation, the body must be
    /// JSON of the documented media type and match the documented schema exactly.
    /// </summary>
    /// <param name="method">The request's method.</param>
    /// <param name="requestPath">The request's path (absolute or relative; a query is ignored).</param>
    /// <param name="statusCode">The response's status code.</param>
    /// <param name="mediaType">The response's <c>Content-Type</c> media type, or null when it had none.</param>
    /// <param name="body">The response body as text.</param>
    public ContractValidationResult ValidateResponse(string method, string requestPath, int statusCode, string? mediaType, string? body)
    {
        var operation = FindOperation(method, requestPath);
        if (operation is null)
        {
            var documented = string.Join(", ", Operations.Select(o => o.ToString()));
            return new ContractValidationResult(null, null, [new ContractDrift(
                ContractDriftKind.UndocumentedOperation, "", $"one of {documented}", $"{method.ToUpperInvariant()} {StripQuery(requestPath)}")]);
        }
        if (!operation.Responses.TryGetValue(statusCode, out var response))
        {
            return new ContractValidationResult(operation, null, [new ContractDrift(
                ContractDriftKind.UnexpectedStatus, "",
                $"one of {string.Join(", ", operation.Statuses)} for {operation}",
                $"{statusCode.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(body) ? "" : " with body " + Excerpt(body, 200))}")]);
        }
        if (response.MediaType is null)
        {
            return string.IsNullOrEmpty(body)
                ? new ContractValidationResult(operation, null, [])
                : new ContractValidationResult(operation, null, [new ContractDrift(ContractDriftKind.InvalidBody, "", "no body", Excerpt(body, 200))]);
        }

        var drifts = new List<ContractDrift>();
        if (!IsJsonMediaType(mediaType))
        {
            drifts.Add(new ContractDrift(ContractDriftKind.UnexpectedContentType, "", response.MediaType, mediaType ?? "no Content-Type"));
        }
        var key = $"response/{operation.Method}{operation.Path}/{statusCode.ToString(CultureInfo.InvariantCulture)}";
        var result = ValidateJson(key, response.Schema, body);
        drifts.AddRange(result.Drifts);
        return new ContractValidationResult(operation, result.SchemaName, drifts);
    }

    /// <summary>Checks a request body against the operation's documented request body schema.</summary>
    public ContractValidationResult ValidateRequestBody(string method, string requestPath, string? body)
    {
        var operation = FindOperation(method, requestPath)
            ?? throw new ArgumentException($"The contract has no operation {method} {requestPath}.", nameof(requestPath));
        if (operation.RequestSchema is null)
        {
            throw new ArgumentException($"The contract documents no request body for {operation}.", nameof(requestPath));
        }
        var result = ValidateJson($"request/{operation.Method}{operation.Path}", operation.RequestSchema, body);
        return result with { Operation = operation };
    }

    /// <summary>Checks JSON against one component schema by name, e.g. <c>Pool</c> or <c>Error</c>.</summary>
    public ContractValidationResult ValidateSchema(string schemaName, string? json)
    {
        ArgumentNullException.ThrowIfNull(schemaName);
        if (!_defs.ContainsKey(schemaName))
        {
            throw new ArgumentException($"The contract has no schema '{schemaName}'. Known: {string.Join(", ", SchemaNames)}.", nameof(schemaName));
        }
        return ValidateJson($"schema/{schemaName}", new JsonObject { ["$ref"] = ComponentSchemaPrefix + schemaName }, json);
    }

    private ContractValidationResult ValidateJson(string key, JsonNode? schemaNode, string? body)
    {
        if (schemaNode is null)
        {
            return new ContractValidationResult(null, null, []);
        }
        var compiled = _compiled.GetOrAdd(key, k => new Lazy<CompiledSchema>(() => Compile(k, schemaNode), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ContractValidationResult(null, compiled.Name, [new ContractDrift(
                ContractDriftKind.InvalidBody, "", $"a JSON body ({compiled.Description})", "an empty body", compiled.Name)]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return new ContractValidationResult(null, compiled.Name, [new ContractDrift(
                ContractDriftKind.InvalidBody, "", $"a JSON body ({compiled.Description})",
                $"text that is not JSON ({exception.Message}): {Excerpt(body, 120)}", compiled.Name)]);
        }
        using (document)
        {
            var results = compiled.Schema.Evaluate(document.RootElement, Evaluation);
            if (results.IsValid)
            {
                return new ContractValidationResult(null, compiled.Name, []);
            }
            var drifts = DriftTranslator.Translate(results, document.RootElement, compiled.Root, _defs, compiled.Name);
            return new ContractValidationResult(null, compiled.Name, drifts);
        }
    }

    private CompiledSchema Compile(string key, JsonNode schemaNode)
    {
        var root = RewriteSchemaRefs(schemaNode, key) switch
        {
            JsonObject obj => obj,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? [] : new JsonObject { ["not"] = new JsonObject() },
            _ => throw new FormatException($"The schema for {key} is neither an object nor a boolean."),
        };
        // $schema, $id and $defs first: JsonSchema.Net resolves a root $ref against the base URI known when it reaches it.
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemaBaseUri + key,
            ["$defs"] = _defs.DeepClone(),
        };
        foreach (var (member, value) in root.ToList())
        {
            root.Remove(member);
            wrapper[member] = value;
        }
        root = wrapper;
        var name = root["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(DefsPrefix, StringComparison.Ordinal)
            ? reference[DefsPrefix.Length..]
            : null;
        var schema = JsonSchema.FromText(root.ToJsonString(), _buildOptions);
        return new CompiledSchema(schema, root, name, SchemaText.Describe(root, _defs));
    }

    private static ContractOperation ReadOperation(JsonObject document, string method, string path, JsonObject operation)
    {
        var responses = new Dictionary<int, ContractResponse>();
        if (operation["responses"] is JsonObject responseMap)
        {
            foreach (var (statusText, responseNode) in responseMap)
            {
                if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    continue; // "default" and ranges ("4XX") are not used by this contract.
                }
                var response = ResolveRef(document, responseNode) as JsonObject
                    ?? throw new FormatException($"{method} {path} response {statusText} is not an object.");
                var (mediaType, schema) = ReadJsonContent(document, response["content"]);
                responses[status] = new ContractResponse(status, response["description"]?.GetValue<string>() ?? "", mediaType, schema);
            }
        }

        JsonNode? requestSchema = null;
        if (ResolveRef(document, operation["requestBody"]) is JsonObject requestBody)
        {
            (_, requestSchema) = ReadJsonContent(document, requestBody["content"]);
        }
        return new ContractOperation(method, path, operation["operationId"]?.GetValue<string>(), responses, requestSchema);
    }

    private static (string? MediaType, JsonNode? Schema) ReadJsonContent(JsonObject document, JsonNode? contentNode)
    {
        if (ResolveRef(document, contentNode) is not JsonObject content)
        {
            return (null, null);
        }
        foreach (var (mediaType, mediaNode) in content)
        {
            if (IsJsonMediaType(mediaType))
            {
                return (mediaType, ResolveRef(document, mediaNode)?["schema"]);
            }
        }
        return (null, null);
    }

    /// <summary>Follows a <c>$ref</c> (local, <c>#/...</c>) outside schemas: responses, request bodies, path items.</summary>
    internal static JsonNode? ResolveRef(JsonObject document, JsonNode? node)
    {
        for (var hops = 0; node is JsonObject obj && obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference); hops++)
        {
            if (hops > 32)
            {
                throw new FormatException($"$ref loop at {reference}.");
            }
            node = Pointers.ResolveFragment(document, reference)
                ?? throw new FormatException($"$ref '{reference}' does not resolve in the OpenAPI document.");
        }
        return node;
    }

    /// <summary>Copies a schema with every <c>#/components/schemas/X</c> reference turned into <c>#/$defs/X</c>.</summary>
    private static JsonNode? RewriteSchemaRefs(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref" && value is JsonValue refValue && refValue.TryGetValue<string>(out var reference))
                    {
                        if (!reference.StartsWith(ComponentSchemaPrefix, StringComparison.Ordinal))
                        {
                            throw new FormatException($"Schema $ref '{reference}' at {where} does not point into #/components/schemas.");
                        }
                        copy[name] = DefsPrefix + reference[ComponentSchemaPrefix.Length..];
                    }
                    else
                    {
                        copy[name] = RewriteSchemaRefs(value, where);
                    }
                }
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(RewriteSchemaRefs(item, where));
                }
                return items;
            default:
                return node?.DeepClone();
        }
    }

    internal static bool IsJsonMediaType(string? mediaType)
    {
        if (mediaType is null)
        {
            return false;
        }
        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return bare.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
            || bare.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsHttpMethod(string name) =>
        name is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace";

    private static string StripQuery(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? path[..query] : path;
    }

    internal static string Excerpt(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "...");

    private sealed record CompiledSchema(JsonSchema Schema, JsonObject Root, string? Name, string Description);
}

/// <summary>The outcome of one validation: the operation matched (if any), the schema used, and every difference.</summary>
/// <param name="Operation">The documented operation the request matched.</param>
/// <param name="SchemaName">The component schema the body was checked against, e.g. <c>PoolList</c>.</param>
/// <param name="Drifts">Every difference; empty when the body matches.</param>
public sealed record ContractValidationResult(ContractOperation? Operation, string? SchemaName, IReadOnlyList<ContractDrift> Drifts)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsValid => Drifts.Count == 0;

    /// <summary>The differences, one a line ("valid" when there are none).</summary>
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Drifts);
}
