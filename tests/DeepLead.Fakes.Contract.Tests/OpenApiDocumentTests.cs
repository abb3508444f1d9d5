using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepLead.Fakes.Contract.Tests.Support;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>The shipped OpenAPI document itself: valid JSON, OpenAPI 3.1, every $ref resolves, exactly the documented API.</summary>
public sealed class OpenApiDocumentTests
{
    private static JsonObject Document => (JsonObject)JsonNode.Parse(DeepLeadOpenApi.Json)!;

    private static JsonObject Schema(string name) => (JsonObject)Document["components"]!["schemas"]![name]!;

    private static IReadOnlyList<string> Names(JsonNode? node) => node is JsonObject obj ? [.. obj.Select(p => p.Key)] : [];

    private static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(v => v!.GetValue<string>())] : [];

    [Fact]
    public void Is_valid_json_and_the_stream_and_text_agree()
    {
        using var document = JsonDocument.Parse(DeepLeadOpenApi.Json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);

        using var stream = DeepLeadOpenApi.Open();
        using var reader = new StreamReader(stream);
        Assert.Equal(DeepLeadOpenApi.Json, reader.ReadToEnd());
        Assert.Contains(DeepLeadOpenApi.ResourceName, typeof(DeepLeadOpenApi).Assembly.GetManifestResourceNames());
    }

    [Fact]
    public void Is_openapi_3_1_with_the_documented_server_and_bearer_security()
    {
        var document = Document;
        Assert.Matches(@"^3\.1\.\d+$", document["openapi"]!.GetValue<string>());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document["jsonSchemaDialect"]!.GetValue<string>());
        Assert.Equal("https://app.deeplead.com/api/v1", Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(document["info"]!["title"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(document["info"]!["version"]!.GetValue<string>()));

        var scheme = document["components"]!["securitySchemes"]!["bearerAuth"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Equal(["bearerAuth"], Names(Assert.Single(document["security"]!.AsArray())));
        Assert.Equal(new Uri("https://app.deeplead.com/api/v1"), DeepLeadContract.Default.ServerUrl);
    }

    [Fact]
    public void Every_ref_resolves()
    {
        var document = Document;
        var refs = new List<(string Where, string Ref)>();
        Walk(document, "#", refs);

        Assert.True(refs.Count >= 30, $"only {refs.Count} $ref found");
        var unresolved = refs.Where(r => Resolve(document, r.Ref) is null).Select(r => $"{r.Where}: {r.Ref}").ToList();
        Assert.Empty(unresolved);
        // Schema refs point at schemas, response refs at responses, parameter refs at parameters.
        foreach (var (where, reference) in refs)
        {
            var expectedSection = where.Contains("/responses/", StringComparison.Ordinal) && !where.Contains("/content/", StringComparison.Ordinal) ? "#/components/responses/"
                : where.Contains("/parameters/", StringComparison.Ordinal) && !where.Contains("/schema", StringComparison.Ordinal) ? "#/components/parameters/"
                : "#/components/schemas/";
            Assert.True(reference.StartsWith(expectedSection, StringComparison.Ordinal), $"{where}: {reference} should point into {expectedSection}");
        }
    }

    [Fact]
    public void A_document_with_a_dangling_ref_is_rejected_readably()
    {
        var broken = DeepLeadOpenApi.Json.Replace("#/components/responses/Unauthorized", "#/components/responses/Unauthorised", StringComparison.Ordinal);

        var exception = Assert.Throws<FormatException>(() => DeepLeadContract.Parse(broken));

        Assert.Contains("'#/components/responses/Unauthorised' does not resolve", exception.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DeepLeadContract.Parse("{ not json"));
    }

    [Fact]
    public void Documents_exactly_the_three_operations_with_their_statuses()
    {
        var operations = DeepLeadContract.Default.Operations.ToDictionary(o => o.ToString(), o => o.Statuses);

        Assert.Equal(["GET /pools", "GET /inboxes", "POST /inboxes"], operations.Keys);
        Assert.Equal([200, 400, 401, 403, 500], operations["GET /pools"]);
        Assert.Equal([200, 400, 401, 403, 404, 500], operations["GET /inboxes"]);
        Assert.Equal([200, 207, 400, 401, 403, 404, 409, 500], operations["POST /inboxes"]);
        Assert.All(DeepLeadContract.Default.Operations, o => Assert.False(string.IsNullOrEmpty(o.OperationId)));
    }

    [Fact]
    public void List_inboxes_has_the_four_documented_query_parameters()
    {
        var document = Document;
        var parameters = document["paths"]!["/inboxes"]!["get"]!["parameters"]!.AsArray()
            .Select(p => Resolve(document, p!["$ref"]!.GetValue<string>())!)
            .ToDictionary(p => p["name"]!.GetValue<string>());

        Assert.Equal(["poolId", "status", "limit", "skip"], parameters.Keys);
        Assert.All(parameters.Values, p => Assert.Equal("query", p["in"]!.GetValue<string>()));
        Assert.All(parameters.Values, p => Assert.False(p["required"]!.GetValue<bool>()));
        var limit = parameters["limit"]["schema"]!;
        Assert.Equal(("integer", 1, 1000, 100), (limit["type"]!.GetValue<string>(), limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>(), limit["default"]!.GetValue<int>()));
        Assert.Equal(0, parameters["skip"]["schema"]!["minimum"]!.GetValue<int>());
        Assert.Equal(["active", "paused", "deactivated", "error"], Strings(Schema("InboxStatus")["enum"]));
        Assert.Null(document["paths"]!["/pools"]!["get"]!["parameters"]);
    }

    [Theory]
    [InlineData("Pool", new[] { "id", "name", "inboxCount", "createdAt" }, new[] { "id", "name", "inboxCount", "createdAt" })]
    [InlineData("PoolList", new[] { "pools" }, new[] { "pools" })]
    [InlineData("Inbox", new[] { "id", "emailAddress", "poolId", "status", "dailySendingLimit", "createdAt" }, new[] { "id", "emailAddress", "poolId", "status", "dailySendingLimit", "createdAt" })]
    [InlineData("Pagination", new[] { "total", "limit", "skip", "hasMore" }, new[] { "total", "limit", "skip", "hasMore" })]
    [InlineData("InboxList", new[] { "inboxes", "pagination" }, new[] { "inboxes", "pagination" })]
    [InlineData("CreateInboxesResult", new[] { "success", "summary", "autoCreatedPool", "results" }, new[] { "success", "summary", "results" })]
    [InlineData("CreateInboxesSummary", new[] { "total", "created", "failed" }, new[] { "total", "created", "failed" })]
    [InlineData("AutoCreatedPool", new[] { "id", "name" }, new[] { "id", "name" })]
    [InlineData("CreateInboxResultItem", new[] { "emailAddress", "success", "inboxId", "autoFilledFields", "error" }, new[] { "emailAddress", "success" })]
    [InlineData("Error", new[] { "error", "details" }, new[] { "error" })]
    [InlineData("ErrorDetail", new[] { "field", "message" }, new[] { "field", "message" })]
    public void Response_schemas_have_exactly_the_documented_fields_and_no_others(string name, string[] properties, string[] required)
    {
        var schema = Schema(name);

        Assert.Equal("object", schema["type"]!.GetValue<string>());
        Assert.Equal(properties, Names(schema["properties"]));
        Assert.Equal(required, Strings(schema["required"]));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Create_request_is_one_object_or_an_array_of_them_with_the_documented_fields()
    {
        var request = Schema("CreateInboxesRequest");
        Assert.Equal(["#/components/schemas/CreateInboxRequest", "#/components/schemas/CreateInboxBatch"],
            request["oneOf"]!.AsArray().Select(a => a!["$ref"]!.GetValue<string>()));
        var batch = Schema("CreateInboxBatch");
        Assert.Equal(("array", 1, 100), (batch["type"]!.GetValue<string>(), batch["minItems"]!.GetValue<int>(), batch["maxItems"]!.GetValue<int>()));

        var item = Schema("CreateInboxRequest");
        // The parameter table's eleven fields, plus the two usernames of the documentation's custom-domain example.
        Assert.Equal(
            ["emailAddress", "poolId", "imapPassword", "smtpPassword", "provider", "imapHost", "imapPort", "imapUsername",
             "smtpHost", "smtpPort", "smtpUsername", "dailySendingLimit", "skipConnectionTest"],
            Names(item["properties"]));
        Assert.Equal(["emailAddress", "imapPassword"], Strings(item["required"]));
        Assert.False(item["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(1, item["properties"]!["dailySendingLimit"]!["minimum"]!.GetValue<int>());
        Assert.Equal(2, item["properties"]!["dailySendingLimit"]!["default"]!.GetValue<int>());
        foreach (var port in new[] { "imapPort", "smtpPort" })
        {
            Assert.Equal((1, 65535), (item["properties"]![port]!["minimum"]!.GetValue<int>(), item["properties"]![port]!["maximum"]!.GetValue<int>()));
        }
        Assert.Equal(["google", "microsoft", "yahoo", "zoho", "icloud", "godaddy", "namecheap"], Strings(Schema("Provider")["enum"]));
        Assert.Equal("^[0-9a-f]{24}$", Schema("ObjectId")["pattern"]!.GetValue<string>());
        Assert.Equal("date-time", Schema("Timestamp")["format"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("google")]
    [InlineData("microsoft")]
    [InlineData("yahoo")]
    [InlineData("zoho")]
    [InlineData("icloud")]
    [InlineData("godaddy")]
    [InlineData("namecheap")]
    public async Task Every_provider_of_the_contract_is_accepted_by_the_contract_and_the_fake(string provider)
    {
        var body = $$"""{"emailAddress": "team@example-{{provider}}.com", "imapPassword": "pw", "provider": "{{provider}}"}""";
        Assert.True(DeepLeadContract.Default.ValidateRequestBody("POST", "/inboxes", body).IsValid);

        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();
        using var response = await client.PostJsonAsync("inboxes", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(provider, Assert.Single(fake.Inboxes, i => i.EmailAddress == $"team@example-{provider}.com").Provider);
    }

    [Theory]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "provider": "aol"}""", "/provider")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "smtpPort": "587"}""", "/smtpPort")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "imapPort": 70000}""", "/imapPort")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "dailySendingLimit": 0}""", "/dailySendingLimit")]
    [InlineData("""{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": "not-an-id"}""", "/poolId")]
    [InlineData("""{"emailAddress": "a@gmail.com"}""", "/imapPassword")]
    [InlineData("""[]""", "")]
    [InlineData("""[{"emailAddress": "ok@gmail.com", "imapPassword": "p"}, {"imapPassword": "p"}]""", "/1/emailAddress")]
    [InlineData("""  "a@gmail.com" """, "")]
    public async Task Requests_the_contract_rejects_are_rejected_by_the_fake(string body, string pointer)
    {
        var result = DeepLeadContract.Default.ValidateRequestBody("POST", "/inboxes", body);
        Assert.False(result.IsValid);
        Assert.Contains(result.Drifts, d => d.Pointer == pointer);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());

        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();
        using var response = await client.PostJsonAsync("inboxes", body);

        var json = await response.JsonAsync();
        var rejected = response.StatusCode == HttpStatusCode.BadRequest
            || (response.StatusCode == HttpStatusCode.OK && !json.GetProperty("success").GetBoolean());
        Assert.True(rejected, $"{(int)response.StatusCode} {json}");
        Assert.DoesNotContain(fake.Inboxes, i => i.EmailAddress == "a@gmail.com");
    }

    [Fact]
    public async Task An_undocumented_field_breaks_the_contract_is_ignored_with_a_warning_by_the_fake_and_rejected_by_the_strict_preset()
    {
        // "tags", not a near miss of a documented name such as "dailyLimit" (a 400 by default since issue 26).
        const string body = """{"emailAddress": "a@gmail.com", "imapPassword": "p", "tags": 5}""";
        var result = DeepLeadContract.Default.ValidateRequestBody("POST", "/inboxes", body);
        Assert.False(result.IsValid);
        Assert.Contains(result.Drifts, d => d.Pointer == "/tags");

        await using var lenient = await StartDefaultAsync();
        using (var client = lenient.CreateValidatingClient())
        using (var response = await client.PostJsonAsync("inboxes", body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ignored body field \"tags\" (not documented)", Assert.Single(response.Headers.GetValues("X-DeepLead-Fake-Warning")));
        }

        var options = new DeepLeadFakeOptions();
        options.AddScenarioFile(DefaultScenarioPath);
        options.Scenarios.Add(ScenarioSource.Shipped("strict"));
        await using var strict = await DeepLeadFake.StartAsync(options, Ct);
        using (var client = strict.CreateValidatingClient())
        using (var response = await client.PostJsonAsync("inboxes", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(strict.Inboxes, i => i.EmailAddress == "a@gmail.com");
        }
    }

    [Fact]
    public void Explicit_nulls_for_optional_fields_are_valid_requests()
    {
        var body = """{"emailAddress": "a@gmail.com", "imapPassword": "p", "poolId": null, "provider": null, "imapPort": null, "dailySendingLimit": null, "skipConnectionTest": null}""";

        Assert.True(DeepLeadContract.Default.ValidateRequestBody("POST", "/inboxes", body).IsValid);
    }

    [Fact]
    public void Every_example_embedded_in_the_document_is_valid_by_its_schema()
    {
        var contract = DeepLeadContract.Default;
        var checkedExamples = 0;
        foreach (var operation in contract.Operations)
        {
            foreach (var status in operation.Statuses)
            {
                var response = contract.Document["paths"]![operation.Path]![operation.Method.ToLowerInvariant()]!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
                if (response["$ref"] is { } reference)
                {
                    response = Resolve(contract.Document, reference.GetValue<string>())!;
                }
                var example = response["content"]!["application/json"]!["example"];
                Assert.NotNull(example);
                var result = contract.ValidateResponse(operation.Method, operation.Path, status, "application/json", example.ToJsonString());
                Assert.True(result.IsValid, $"{operation} {status}: {result}");
                checkedExamples++;
            }
        }
        foreach (var (name, example) in contract.Document["paths"]!["/inboxes"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject())
        {
            var result = contract.ValidateRequestBody("POST", "/inboxes", example!["value"]!.ToJsonString());
            Assert.True(result.IsValid, $"request example {name}: {result}");
            checkedExamples++;
        }
        Assert.Equal(5 + 6 + 8 + 4, checkedExamples);
    }

    [Fact]
    public void Every_component_schema_compiles_and_rejects_a_wrong_type()
    {
        var contract = DeepLeadContract.Default;
        Assert.Equal(Names(Document["components"]!["schemas"]).Order(StringComparer.Ordinal), contract.SchemaNames.Order(StringComparer.Ordinal));

        foreach (var name in contract.SchemaNames)
        {
            // Every schema here is typed (or a oneOf of typed ones); a JSON value of a type none allows must fail.
            var result = contract.ValidateSchema(name, "\"\\u0000 not a value of this schema\"");
            var isString = name is "ObjectId" or "ObjectIdInput" or "Timestamp" or "InboxStatus" or "Provider";
            Assert.False(result.IsValid, name);
            Assert.Equal(isString ? ContractDriftKind.ValueOutOfContract : ContractDriftKind.TypeChanged, result.Drifts[0].Kind);
        }
        Assert.Throws<ArgumentException>(() => contract.ValidateSchema("Nope", "{}"));
    }

    private static void Walk(JsonNode? node, string where, List<(string Where, string Ref)> refs)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "$ref" && value is JsonValue text)
                    {
                        refs.Add((where, text.GetValue<string>()));
                    }
                    else
                    {
                        Walk(value, $"{where}/{name}", refs);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{where}/{i}", refs);
                }
                break;
        }
    }

    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }
        JsonNode? node = document;
        foreach (var segment in reference[2..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }
}
