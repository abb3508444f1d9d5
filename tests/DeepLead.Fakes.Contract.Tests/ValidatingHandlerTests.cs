using System.Net;
using DeepLead.Fakes.Contract.Tests.Support;
using static DeepLead.Fakes.Contract.Tests.Support.TestFakes;

namespace DeepLead.Fakes.Contract.Tests;

/// <summary>The validating handler on handcrafted responses: it lets the contract through and names every drift.</summary>
public sealed class ValidatingHandlerTests
{
    private const string Pool = """{"id": "507f1f77bcf86cd799439011", "name": "Main Pool", "inboxCount": 10, "createdAt": "2024-01-15T10:30:00Z"}""";
    private const string Inbox = """{"id": "507f1f77bcf86cd799439012", "emailAddress": "sales@company.com", "poolId": "507f1f77bcf86cd799439011", "status": "active", "dailySendingLimit": 50, "createdAt": "2024-01-15T10:30:00Z"}""";
    private const string Pagination = """{"total": 1, "limit": 100, "skip": 0, "hasMore": false}""";

    private static async Task<ContractViolationException> DriftAsync(string path, int status, string body, string? contentType = "application/json", HttpMethod? method = null)
    {
        var stub = new StubHandler(status, body, contentType);
        using var client = stub.CreateValidatingClient();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        var exception = await Assert.ThrowsAsync<ContractViolationException>(() => client.SendAsync(request, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine(exception.Message);
        return exception;
    }

    [Fact]
    public async Task A_documented_response_passes_unchanged_and_stays_readable()
    {
        var body = $$"""{"pools": [{{Pool}}]}""";
        var stub = new StubHandler(200, body, "application/json; charset=utf-8");
        using var client = stub.CreateValidatingClient();

        using var response = await client.GetAsync("pools", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_field_is_named_with_its_pointer_and_expected_type()
    {
        var exception = await DriftAsync("pools", 200, """{"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Main Pool", "createdAt": "2024-01-15T10:30:00Z"}]}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(new ContractDrift(ContractDriftKind.MissingField, "/pools/0/inboxCount", "integer >= 0", "nothing", "Pool"), drift);
        Assert.StartsWith("DeepLead API response does not match the contract: GET /pools answered 200 (request: GET /api/v1/pools), 1 difference:", exception.Message, StringComparison.Ordinal);
        Assert.Contains("1. missing field at /pools/0/inboxCount (Pool): expected integer >= 0, seen nothing", exception.Message, StringComparison.Ordinal);
        Assert.Equal(200, exception.StatusCode);
        Assert.Equal("GET /pools", exception.Operation?.ToString());
    }

    [Fact]
    public async Task Unexpected_field_is_named_with_the_documented_fields()
    {
        var exception = await DriftAsync("pools", 200, """{"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Main Pool", "inboxCount": 10, "createdAt": "2024-01-15T10:30:00Z", "color": "blue"}]}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(ContractDriftKind.UnexpectedField, drift.Kind);
        Assert.Equal("/pools/0/color", drift.Pointer);
        Assert.Contains(
            "unexpected field at /pools/0/color (Pool): expected no field 'color' (Pool has only: id, name, inboxCount, createdAt), seen string \"blue\"",
            exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Type_change_says_expected_and_seen_types()
    {
        var exception = await DriftAsync("pools", 200, """{"pools": [{"id": "507f1f77bcf86cd799439011", "name": "Main Pool", "inboxCount": "10", "createdAt": "2024-01-15T10:30:00Z"}]}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(ContractDriftKind.TypeChanged, drift.Kind);
        Assert.Contains("type change at /pools/0/inboxCount (Pool): expected integer >= 0, seen string \"10\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_instead_of_a_value_is_a_type_change()
    {
        var exception = await DriftAsync("inboxes", 200, $$"""{"inboxes": [{{Inbox.Replace("\"sales@company.com\"", "null", StringComparison.Ordinal)}}], "pagination": {{Pagination}}}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(new ContractDrift(ContractDriftKind.TypeChanged, "/inboxes/0/emailAddress", "string", "null", "Inbox"), drift);
    }

    [Fact]
    public async Task Undocumented_status_lists_the_documented_ones()
    {
        var exception = await DriftAsync("pools", 429, """{"error": "Too many requests"}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(ContractDriftKind.UnexpectedStatus, drift.Kind);
        Assert.Contains("unexpected status: expected one of 200, 400, 401, 403, 500 for GET /pools, seen 429 with body {\"error\": \"Too many requests\"}", exception.Message, StringComparison.Ordinal);
        Assert.Equal(429, exception.StatusCode);
    }

    [Fact]
    public async Task Status_documented_elsewhere_is_still_unexpected_for_this_endpoint()
    {
        // 409 belongs to POST /inboxes only.
        var exception = await DriftAsync("inboxes?status=active", 409, """{"error": "Email already exists"}""");

        Assert.Equal(ContractDriftKind.UnexpectedStatus, Assert.Single(exception.Drifts).Kind);
        Assert.Contains("expected one of 200, 400, 401, 403, 404, 500 for GET /inboxes, seen 409", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(request: GET /api/v1/inboxes?status=active)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_response_in_another_shape_shows_missing_and_unexpected_fields()
    {
        var exception = await DriftAsync("pools", 401, """{"message": "Unauthorized", "code": 401}""");

        Assert.Equal(
            [
                new ContractDrift(ContractDriftKind.UnexpectedField, "/code", "no field 'code' (Error has only: error, details)", "number 401", "Error"),
                new ContractDrift(ContractDriftKind.MissingField, "/error", "string not empty", "nothing", "Error"),
                new ContractDrift(ContractDriftKind.UnexpectedField, "/message", "no field 'message' (Error has only: error, details)", "string \"Unauthorized\"", "Error"),
            ],
            exception.Drifts);
        // Listed in body order of the pointers, so a long list reads top to bottom.
        Assert.Contains("GET /pools answered 401", exception.Message, StringComparison.Ordinal);
        Assert.Contains("3 differences:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_details_items_must_be_field_and_message()
    {
        var exception = await DriftAsync("inboxes", 400, """{"error": "Validation failed", "details": [{"field": "limit", "msg": "too big"}]}""", method: HttpMethod.Get);

        Assert.Contains(exception.Drifts, d => d is { Kind: ContractDriftKind.MissingField, Pointer: "/details/0/message", Schema: "ErrorDetail" });
        Assert.Contains(exception.Drifts, d => d is { Kind: ContractDriftKind.UnexpectedField, Pointer: "/details/0/msg" });
    }

    [Fact]
    public async Task Created_item_without_inbox_id_and_failed_item_with_one_are_caught_per_case()
    {
        var body = """
            {"success": false, "summary": {"total": 2, "created": 1, "failed": 1},
             "results": [
               {"emailAddress": "a@gmail.com", "success": true},
               {"emailAddress": "b@gmail.com", "success": false, "error": "Pool not found", "inboxId": "507f1f77bcf86cd799439013"}]}
            """;

        var exception = await DriftAsync("inboxes", 200, body, method: HttpMethod.Post);

        Assert.Equal(2, exception.Drifts.Count);
        Assert.Contains("missing field at /results/0/inboxId (CreateInboxResultItem): expected string matching ^[0-9a-f]{24}$ (ObjectId) (required when 'success' is true), seen nothing",
            exception.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected field at /results/1/inboxId (CreateInboxResultItem): expected no field 'inboxId' when 'success' is not true",
            exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undocumented_status_value_is_out_of_contract()
    {
        var exception = await DriftAsync("inboxes", 200, $$"""{"inboxes": [{{Inbox.Replace("\"active\"", "\"suspended\"", StringComparison.Ordinal)}}], "pagination": {{Pagination}}}""");

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal(ContractDriftKind.ValueOutOfContract, drift.Kind);
        Assert.Equal("/inboxes/0/status", drift.Pointer);
        Assert.Equal("one of \"active\", \"paused\", \"deactivated\", \"error\"", drift.Expected);
        Assert.Equal("string \"suspended\"", drift.Seen);
    }

    [Theory]
    [InlineData("id", "\"507F1F77BCF86CD799439012\"", "a string matching ^[0-9a-f]{24}$")]
    [InlineData("createdAt", "\"2024-01-15T10:30:00+01:00\"", "a string matching ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$")]
    [InlineData("createdAt", "\"2024-13-15T10:30:00Z\"", "a valid date-time string")]
    [InlineData("dailySendingLimit", "0", "a number >= 1")]
    [InlineData("dailySendingLimit", "2.5", "integer >= 1")]
    public async Task Inbox_field_rules_are_enforced(string field, string value, string expected)
    {
        var inbox = TestFakes.Parse(Inbox).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        inbox[field] = value;
        var body = $$"""{"inboxes": [{ {{string.Join(", ", inbox.Select(p => $"\"{p.Key}\": {p.Value}"))}} }], "pagination": {{Pagination}}}""";

        var exception = await DriftAsync("inboxes", 200, body);

        var drift = Assert.Single(exception.Drifts);
        Assert.Equal($"/inboxes/0/{field}", drift.Pointer);
        Assert.Equal(expected, drift.Expected);
    }

    [Fact]
    public async Task Pagination_limit_beyond_the_documented_maximum_is_out_of_contract()
    {
        var exception = await DriftAsync("inboxes", 200, """{"inboxes": [], "pagination": {"total": 0, "limit": 5000, "skip": 0, "hasMore": false}}""");

        Assert.Equal(new ContractDrift(ContractDriftKind.ValueOutOfContract, "/pagination/limit", "a number <= 1000", "number 5000", "Pagination"), Assert.Single(exception.Drifts));
    }

    [Fact]
    public async Task Html_instead_of_json_is_reported_as_content_type_and_body()
    {
        var exception = await DriftAsync("pools", 200, "<html><body>Bad gateway</body></html>", "text/html");

        Assert.Equal([ContractDriftKind.UnexpectedContentType, ContractDriftKind.InvalidBody], exception.Drifts.Select(d => d.Kind));
        Assert.Contains("unexpected content type: expected application/json, seen text/html", exception.Message, StringComparison.Ordinal);
        Assert.Contains("invalid body (PoolList): expected a JSON body (object PoolList), seen text that is not JSON", exception.Message, StringComparison.Ordinal);
        Assert.Contains("body: <html><body>Bad gateway</body></html>", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_body_is_invalid()
    {
        var exception = await DriftAsync("pools", 200, "");

        Assert.Equal(new ContractDrift(ContractDriftKind.InvalidBody, "", "a JSON body (object PoolList)", "an empty body", "PoolList"), Assert.Single(exception.Drifts));
    }

    [Fact]
    public async Task Missing_content_type_is_drift()
    {
        var exception = await DriftAsync("pools", 200, $$"""{"pools": [{{Pool}}]}""", contentType: null);

        Assert.Equal(new ContractDrift(ContractDriftKind.UnexpectedContentType, "", "application/json", "no Content-Type"), Assert.Single(exception.Drifts));
    }

    [Fact]
    public async Task Undocumented_operation_is_drift_unless_allowed()
    {
        var exception = await DriftAsync("inboxes/507f1f77bcf86cd799439012", 200, Inbox, method: HttpMethod.Delete);
        Assert.Contains("undocumented operation: expected one of GET /pools, GET /inboxes, POST /inboxes, seen DELETE /api/v1/inboxes/507f1f77bcf86cd799439012", exception.Message, StringComparison.Ordinal);

        var stub = new StubHandler(200, Inbox);
        using var lenient = stub.CreateValidatingClient(allowUndocumentedOperations: true);
        using var response = await lenient.DeleteAsync("inboxes/507f1f77bcf86cd799439012", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Paths_match_exactly_so_a_trailing_slash_is_another_operation()
    {
        var exception = await DriftAsync("pools/", 404, """{"error": "Not found"}""");

        Assert.Equal(ContractDriftKind.UndocumentedOperation, Assert.Single(exception.Drifts).Kind);
        Assert.Null(exception.Operation);
        Assert.Equal("GET /inboxes", DeepLeadContract.Default.FindOperation("GET", "/api/v1/inboxes?poolId=507f1f77bcf86cd799439011&status=active")?.ToString());
        Assert.Equal("POST /inboxes", DeepLeadContract.Default.FindOperation("post", "/api/v1/inboxes")?.ToString());
        Assert.Null(DeepLeadContract.Default.FindOperation("GET", "/api/v1/mypools"));
    }

    [Fact]
    public async Task Every_drift_of_a_response_is_listed_in_one_message()
    {
        var body = """{"pools": [{"id": "x", "name": 7, "inboxCount": -1, "createdAt": "yesterday", "extra": true}], "next": null}""";

        var exception = await DriftAsync("pools", 200, body);

        Assert.Equal(
            ["/next", "/pools/0/createdAt", "/pools/0/createdAt", "/pools/0/extra", "/pools/0/id", "/pools/0/inboxCount", "/pools/0/name"],
            exception.Drifts.Select(d => d.Pointer).Order(StringComparer.Ordinal));
        Assert.Contains("7 differences:", exception.Message, StringComparison.Ordinal);
        for (var i = 1; i <= 7; i++)
        {
            Assert.Contains($"\n  {i}. ", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Synchronous_send_is_validated_too()
    {
        var drifting = new StubHandler(200, """{"pools": "none"}""");
        using var client = drifting.CreateValidatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "pools");
        var exception = Assert.Throws<ContractViolationException>(() => client.Send(request, Ct));
        Assert.Equal(new ContractDrift(ContractDriftKind.TypeChanged, "/pools", "array of object Pool", "string \"none\"", "PoolList"), Assert.Single(exception.Drifts));

        var fine = new StubHandler(200, $$"""{"pools": [{{Pool}}]}""");
        using var fineClient = fine.CreateValidatingClient();
        using var fineRequest = new HttpRequestMessage(HttpMethod.Get, "pools");
        using var response = fineClient.Send(fineRequest, Ct);
        using var reader = new StreamReader(response.Content.ReadAsStream(Ct));
        Assert.Equal($$"""{"pools": [{{Pool}}]}""", reader.ReadToEnd());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_response_of_the_fake_to_documented_and_rejected_requests_passes_the_handler()
    {
        await using var fake = await StartDefaultAsync();
        using var client = fake.CreateValidatingClient();
        using var readOnly = fake.CreateValidatingClient(ReadOnlyApiKey);
        using var anonymous = new HttpClient(new ContractValidatingHandler(new SocketsHttpHandler())) { BaseAddress = fake.BaseAddress };

        var statuses = new List<int>
        {
            (int)(await client.GetAsync("pools", Ct)).StatusCode,
            (int)(await client.GetAsync("inboxes?limit=2&skip=3&status=active", Ct)).StatusCode,
            (int)(await client.GetAsync("inboxes?limit=0", Ct)).StatusCode,
            (int)(await client.GetAsync("inboxes?poolId=ffffffffffffffffffffffff", Ct)).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", """{"emailAddress": "x@gmail.com"}""")).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", """{"emailAddress": "anna.berg@gmail.com", "imapPassword": "p"}""")).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", """{"emailAddress": "n@gmail.com", "imapPassword": "p", "poolId": "ffffffffffffffffffffffff"}""")).StatusCode,
            (int)(await client.PostJsonAsync("inboxes", """[{"emailAddress": "y@gmail.com", "imapPassword": "p"}, {"emailAddress": 5}]""")).StatusCode,
            (int)(await readOnly.PostJsonAsync("inboxes", """{"emailAddress": "z@gmail.com", "imapPassword": "p"}""")).StatusCode,
            (int)(await anonymous.GetAsync("pools", Ct)).StatusCode,
        };

        Assert.Equal([200, 200, 400, 404, 400, 409, 404, 200, 403, 401], statuses);
    }
}
