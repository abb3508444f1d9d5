using System.Net;
using System.Text.Json;
using DeepLead.Fakes.Contract.Tests.Support;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>
/// Every example in the documentation: request bodies are valid by the contract and accepted by the fake, response
/// bodies are valid by the contract, and the fake answers the examples with exactly the documented shape. Every
/// client here validates each response against the contract, so any drift fails the test too.
/// </summary>
public sealed class DocumentationExampleTests
{
    public static TheoryData<string> RequestExampleNames => [.. DocumentationExamples.Requests.Select(r => r.Name)];

    public static TheoryData<string> ResponseExampleNames => [.. DocumentationExamples.Responses.Select(r => r.Name)];

    public static TheoryData<int> ErrorStatuses => [.. DocumentationExamples.ErrorStatuses];

    private static readonly string[] DocumentedCreateFields = ["success", "summary", "autoCreatedPool", "results"];
    private static readonly string[] DocumentedResultFields = ["emailAddress", "success", "inboxId", "autoFilledFields"];

    [Theory]
    [MemberData(nameof(RequestExampleNames))]
    public void Request_example_is_valid_by_the_contract(string name)
    {
        var example = DocumentationExamples.Request(name);

        var result = DeepLeadContract.Default.ValidateRequestBody("POST", "/inboxes", example.Json);

        Assert.True(result.IsValid, $"{example.Source}:\n{result}");
    }

    [Theory]
    [MemberData(nameof(RequestExampleNames))]
    public async Task Request_example_is_accepted_by_the_fake_with_the_documented_response_shape(string name)
    {
        var example = DocumentationExamples.Request(name);
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();
        var poolsBefore = fake.Pools.Count;

        using var response = await client.PostJsonAsync("inboxes", example.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var documented = Parse(DocumentationExamples.CreateResponse);

        // Top level: the documented fields, autoCreatedPool exactly when an item had no poolId.
        var expectedTop = DocumentedCreateFields.Where(f => f != "autoCreatedPool" || example.AutoCreatesPool);
        Assert.Equal(expectedTop, body.PropertyNames());
        Assert.True(body.GetProperty("success").GetBoolean());
        var count = example.Items.Count;
        Assert.Equal(documented.GetProperty("summary").PropertyNames(), body.GetProperty("summary").PropertyNames());
        Assert.Equal(count, body.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(count, body.GetProperty("summary").GetProperty("created").GetInt32());
        Assert.Equal(0, body.GetProperty("summary").GetProperty("failed").GetInt32());

        string? autoPoolId = null;
        if (example.AutoCreatesPool)
        {
            var pool = body.GetProperty("autoCreatedPool");
            Assert.Equal(documented.GetProperty("autoCreatedPool").PropertyNames(), pool.PropertyNames());
            // The default scenario's clock is the documentation's day: the name is the documented one.
            Assert.Equal(documented.GetProperty("autoCreatedPool").GetProperty("name").GetString(), pool.GetProperty("name").GetString());
            autoPoolId = pool.GetProperty("id").GetString();
            Assert.Equal(poolsBefore + 1, fake.Pools.Count);
        }
        else
        {
            Assert.Equal(poolsBefore, fake.Pools.Count);
        }

        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(count, results.Count);
        for (var i = 0; i < count; i++)
        {
            var expected = example.Items[i];
            var item = results[i];
            var expectedFields = DocumentedResultFields.Where(f => f != "autoFilledFields" || expected.AutoFilledFields.Count > 0);
            Assert.Equal(expectedFields, item.PropertyNames());
            Assert.Equal(expected.EmailAddress, item.GetProperty("emailAddress").GetString());
            Assert.True(item.GetProperty("success").GetBoolean());
            if (expected.AutoFilledFields.Count > 0)
            {
                Assert.Equal(expected.AutoFilledFields, item.GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()));
            }

            // The inbox is there, as the documentation's inbox shape, with the documented defaults.
            var stored = Assert.Single(fake.Inboxes, inbox => inbox.EmailAddress == expected.EmailAddress);
            Assert.Equal(item.GetProperty("inboxId").GetString(), stored.Id);
            Assert.Equal(expected.PoolId ?? autoPoolId, stored.PoolId);
            Assert.Equal(expected.DailySendingLimit, stored.DailySendingLimit);
        }
    }

    [Fact]
    public async Task Batch_example_answers_as_the_documented_response_except_for_generated_ids()
    {
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var response = await client.PostJsonAsync("inboxes", DocumentationExamples.Request("batch").Json);

        var body = await response.JsonAsync();
        var documented = Parse(DocumentationExamples.CreateResponse);
        Assert.Equal(documented.GetProperty("success").GetBoolean(), body.GetProperty("success").GetBoolean());
        Assert.True(JsonElement.DeepEquals(documented.GetProperty("summary"), body.GetProperty("summary")), body.GetProperty("summary").GetRawText());
        Assert.Equal(documented.GetProperty("autoCreatedPool").GetProperty("name").GetString(), body.GetProperty("autoCreatedPool").GetProperty("name").GetString());
        var documentedResults = documented.GetProperty("results").EnumerateArray().ToList();
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(documentedResults.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(documentedResults[i].GetProperty("emailAddress").GetString(), results[i].GetProperty("emailAddress").GetString());
            Assert.Equal(documentedResults[i].GetProperty("success").GetBoolean(), results[i].GetProperty("success").GetBoolean());
            Assert.Matches("^[0-9a-f]{24}$", results[i].GetProperty("inboxId").GetString());
        }
        Assert.Equal(
            documentedResults[0].GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()),
            results[0].GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()));
        // The documentation's second result shows no autoFilledFields although inbox2@gmail.com is auto-detected just
        // like inbox1@gmail.com; the fake names what it filled for both (README: "named in autoFilledFields").
        Assert.Equal(
            documentedResults[0].GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()),
            results[1].GetProperty("autoFilledFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Python_example_finds_the_auto_created_pool_id_in_the_response_and_the_pool_is_listed()
    {
        // if "autoCreatedPool" in result: pool_id = result["autoCreatedPool"]["id"]
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var created = await client.PostJsonAsync("inboxes", DocumentationExamples.Request("python").Json);
        var poolId = (await created.JsonAsync()).GetProperty("autoCreatedPool").GetProperty("id").GetString();

        using var pools = await client.GetAsync("pools", Ct);
        var listed = (await pools.JsonAsync()).GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == poolId);
        Assert.Equal("API Pool - 2024-01-15", listed.GetProperty("name").GetString());
        Assert.Equal(1, listed.GetProperty("inboxCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(ResponseExampleNames))]
    public void Response_example_is_valid_by_the_contract(string name)
    {
        var example = DocumentationExamples.Response(name);

        var result = DeepLeadContract.Default.ValidateResponse(example.Method, example.Path, example.Status, "application/json", example.Json);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal($"{example.Method} {example.Path}", result.Operation?.ToString());
    }

    [Theory]
    [MemberData(nameof(ErrorStatuses))]
    public void Error_format_example_is_valid_for_every_operation_that_documents_the_status(int status)
    {
        var operations = DeepLeadContract.Default.Operations.Where(o => o.Statuses.Contains(status)).ToList();
        Assert.NotEmpty(operations);

        foreach (var operation in operations)
        {
            foreach (var body in new[] { DocumentationExamples.ErrorResponse, DocumentationExamples.ErrorResponseWithDetails })
            {
                var result = DeepLeadContract.Default.ValidateResponse(operation.Method, operation.Path, status, "application/json", body);
                Assert.True(result.IsValid, $"{operation} {status}: {result}");
                Assert.Equal("Error", result.SchemaName);
            }
        }
    }

    [Fact]
    public void Error_format_as_printed_is_a_placeholder_not_json_and_the_contract_says_so_readably()
    {
        var result = DeepLeadContract.Default.ValidateSchema("Error", DocumentationExamples.ErrorResponseAsPrinted);

        var drift = Assert.Single(result.Drifts);
        Assert.Equal(ContractDriftKind.InvalidBody, drift.Kind);
        Assert.Contains("not JSON", drift.Seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pools_on_the_documentation_world_answers_exactly_the_documented_example()
    {
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonElement.DeepEquals(Parse(DocumentationExamples.PoolsResponse), await response.JsonAsync()),
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task List_inboxes_answers_with_the_documented_shape_and_field_order()
    {
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();

        using var response = await client.GetAsync("inboxes", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var documented = Parse(DocumentationExamples.InboxesResponse);
        Assert.Equal(documented.PropertyNames(), body.PropertyNames());
        var documentedInboxFields = documented.GetProperty("inboxes")[0].PropertyNames();
        var inboxes = body.GetProperty("inboxes").EnumerateArray().ToList();
        Assert.Equal(10, inboxes.Count);
        Assert.All(inboxes, inbox => Assert.Equal(documentedInboxFields, inbox.PropertyNames()));
        Assert.Equal(documented.GetProperty("pagination").PropertyNames(), body.GetProperty("pagination").PropertyNames());
        Assert.True(JsonElement.DeepEquals(Parse("""{"total": 10, "limit": 100, "skip": 0, "hasMore": false}"""), body.GetProperty("pagination")));
    }

    [Fact]
    public async Task Created_example_inbox_is_listed_as_the_documented_inbox_example()
    {
        // The documented inbox example is sales@company.com in pool 507f...011, active, dailySendingLimit 50:
        // exactly what the 'Single inbox' request body creates.
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();
        using var created = await client.PostJsonAsync("inboxes", DocumentationExamples.Request("single-inbox").Json);
        var inboxId = (await created.JsonAsync()).GetProperty("results")[0].GetProperty("inboxId").GetString();

        using var response = await client.GetAsync($"inboxes?poolId={DocumentedPoolId}&status=active&limit=100", Ct);

        var listed = (await response.JsonAsync()).GetProperty("inboxes").EnumerateArray().Single(i => i.GetProperty("id").GetString() == inboxId);
        var documented = Parse(DocumentationExamples.InboxesResponse).GetProperty("inboxes")[0];
        foreach (var field in new[] { "emailAddress", "poolId", "status", "dailySendingLimit" })
        {
            Assert.True(JsonElement.DeepEquals(documented.GetProperty(field), listed.GetProperty(field)), $"{field}: {listed.GetProperty(field)}");
        }
        Assert.Equal(documented.PropertyNames(), listed.PropertyNames());
    }

    [Fact]
    public void The_openapi_document_carries_the_documentation_examples_verbatim()
    {
        var document = DeepLeadContract.Default.Document;
        var responses = new Dictionary<string, string>
        {
            ["/pools"] = DocumentationExamples.PoolsResponse,
            ["/inboxes"] = DocumentationExamples.InboxesResponse,
        };
        foreach (var (path, json) in responses)
        {
            var example = document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
            Assert.True(JsonElement.DeepEquals(Parse(json), Parse(example.ToJsonString())), path);
        }
        var post = document["paths"]!["/inboxes"]!["post"]!;
        var createExample = post["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        Assert.True(JsonElement.DeepEquals(Parse(DocumentationExamples.CreateResponse), Parse(createExample.ToJsonString())));

        var requestExamples = post["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        var documentedBodies = new[] { "single-inbox", "single-inbox-auto-pool", "batch", "custom-domain" }
            .Select(n => Parse(DocumentationExamples.Request(n).Json)).ToList();
        Assert.Equal(documentedBodies.Count, requestExamples.Count);
        foreach (var (name, value) in requestExamples)
        {
            var body = Parse(value!["value"]!.ToJsonString());
            Assert.True(documentedBodies.Any(d => JsonElement.DeepEquals(d, body)), $"examples.{name} is not one of the documentation's bodies");
        }
    }
}
