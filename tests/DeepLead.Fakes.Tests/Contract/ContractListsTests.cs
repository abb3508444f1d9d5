using System.Net.Http.Json;
using System.Text.Json;
using DeepLead.Fakes.Pipeline;
using DeepLead.Fakes.Protocol;
using DeepLead.Fakes.Router;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Tests.Contract;

/// <summary>
/// The contract is written once, in <c>src/DeepLead.Fakes/OpenApi/openapi.json</c>. Where the engine keeps its own copy of
/// a list from it (for speed on the request path: the documented names are handed out as the same string instances),
/// this test fails when the copy and the document differ. Response fields are read from what the renderer writes.
/// (The robustness suite's model, tests/DeepLead.Fakes.Robustness.Tests/Model, keeps its own lists on purpose: it is an
/// oracle written from the documents, independent of both.)
/// </summary>
public sealed class ContractListsTests
{
    private static readonly JsonElement Document = JsonDocument.Parse(DeepLeadOpenApi.Json).RootElement;

    private static JsonElement Schema(string name) => Document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static IEnumerable<string> Properties(string schema) => Schema(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static IEnumerable<string> Enum(string schema) => Schema(schema).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!);

    /// <summary>Every documented operation ("GET /inboxes") with the names of its query parameters.</summary>
    private static Dictionary<string, string[]> Operations()
    {
        var parameters = Document.GetProperty("components").GetProperty("parameters");
        var operations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var path in Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var names = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray()
                        .Select(p => p.TryGetProperty("$ref", out var reference) ? parameters.GetProperty(reference.GetString()!.Split('/')[^1]) : p)
                        .Where(p => p.GetProperty("in").GetString() == "query")
                        .Select(p => p.GetProperty("name").GetString()!)
                        .ToArray()
                    : [];
                operations[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = names;
            }
        }
        return operations;
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal);

    [Fact]
    public void The_create_fields_the_validator_reads_are_the_documents_CreateInboxRequest()
    {
        Assert.Equal(Sorted(Properties("CreateInboxRequest")), Sorted(ApiPaths.CreateInboxFields));
    }

    [Fact]
    public void The_routes_are_the_documents_operations_with_their_query_parameters()
    {
        var routes = new[] { ApiRouter.ListPools, ApiRouter.ListInboxes, ApiRouter.CreateInboxes };

        var documented = Operations();
        Assert.Equal(Sorted(documented.Keys), Sorted(routes.Select(r => r.Operation)));
        Assert.All(routes, route => Assert.Equal(Sorted(documented[route.Operation]), Sorted(route.Parameters)));
    }

    [Fact]
    public void The_query_names_read_without_allocating_are_every_documented_query_parameter()
    {
        Assert.Equal(Sorted(Operations().Values.SelectMany(n => n).Distinct()), Sorted(QueryString.KnownNames));
    }

    [Fact]
    public void The_statuses_and_providers_are_the_documents_enums()
    {
        Assert.Equal(Enum("InboxStatus"), Enum<InboxStatus>().Select(s => s.ToApiValue()));
        Assert.Equal(Enum("Provider"), ProviderCatalog.Documented.All.Select(p => p.Name));
    }

    [Fact]
    public void The_defaults_and_limits_are_the_documents()
    {
        var limit = Document.GetProperty("components").GetProperty("parameters").GetProperty("Limit").GetProperty("schema");
        var settings = new ApiSettings();

        Assert.Equal(limit.GetProperty("default").GetInt32(), settings.DefaultLimit);
        Assert.Equal(limit.GetProperty("maximum").GetInt32(), settings.MaxLimit);
    }

    [Fact]
    public async Task What_the_renderer_writes_has_exactly_the_documents_fields()
    {
        await using var fake = await TestSupport.StartAsync(transport: FakeTransport.InMemory);
        using var client = fake.CreateClient();
        using var created = await client.PostAsJsonAsync("inboxes", new { emailAddress = "a@gmail.com", imapPassword = "pw", poolId = TestSupport.PoolId }, TestSupport.Ct);
        using var refused = await client.PostAsJsonAsync("inboxes", new { emailAddress = "not an address", imapPassword = "pw" }, TestSupport.Ct);
        var pools = await client.GetFromJsonAsync<JsonElement>("pools", TestSupport.Ct);
        var page = await client.GetFromJsonAsync<JsonElement>("inboxes", TestSupport.Ct);
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>(TestSupport.Ct);

        static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name);
        Assert.Equal(Properties("Pool"), Keys(pools.GetProperty("pools")[0]));
        Assert.Equal(Properties("Inbox"), Keys(page.GetProperty("inboxes")[0]));
        Assert.Equal(Properties("Pagination"), Keys(page.GetProperty("pagination")));
        Assert.Equal(Properties("InboxList"), Keys(page));
        Assert.Equal(Properties("PoolList"), Keys(pools));
        Assert.Equal(Properties("Error"), Keys(error));
        Assert.Equal(Properties("ErrorDetail"), Keys(error.GetProperty("details")[0]));
    }

    private static IEnumerable<T> Enum<T>() where T : struct, System.Enum => System.Enum.GetValues<T>();
}
