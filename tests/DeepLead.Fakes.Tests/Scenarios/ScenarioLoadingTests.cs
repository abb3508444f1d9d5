using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

public sealed class ScenarioLoadingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deeplead-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<ScenarioException> LoadFailsAsync(string path)
    {
        var options = new DeepLeadFakeOptions();
        options.AddScenarioFile(path);
        return await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));
    }

    [Fact]
    public async Task A_missing_file_names_the_file()
    {
        var path = Path.Combine(_directory, "nope.json");

        var error = await LoadFailsAsync(path);

        Assert.Equal(path, error.Origin);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_property_is_located_by_path_line_and_column()
    {
        var path = Write("""
            {
              "name": "typo",
              "pools": [
                { "id": "507f1f77bcf86cd799439011", "nmae": "Main" }
              ]
            }
            """);

        var error = await LoadFailsAsync(path);

        Assert.Equal(path, error.Origin);
        Assert.Equal(4, error.Line);
        Assert.Contains("nmae", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}(4,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_type_says_what_was_expected()
    {
        var path = Write("""
            {
              "seed": "forty-two"
            }
            """);

        var error = await LoadFailsAsync(path);

        Assert.Equal("$.seed", error.JsonPath);
        Assert.Equal(2, error.Line);
        Assert.Contains("integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inbox_in_an_unknown_pool_is_located()
    {
        var path = Write("""
            {
              "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "Main" } ],
              "inboxes": [
                { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011" },
                { "emailAddress": "b@gmail.com", "poolId": "aaaaaaaaaaaaaaaaaaaaaaaa" }
              ]
            }
            """);

        var error = await LoadFailsAsync(path);

        Assert.Equal("$.inboxes[1].poolId", error.JsonPath);
        Assert.Equal((5L, 48L), (error.Line, error.Column));
        Assert.Contains("no pool has the id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_email_address_ignoring_case_is_an_error()
    {
        var path = Write("""
            {
              "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "Main" } ],
              "inboxes": [
                { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011" },
                { "emailAddress": "A@gmail.com", "poolId": "507f1f77bcf86cd799439011" }
              ]
            }
            """);

        var error = await LoadFailsAsync(path);

        Assert.Equal("$.inboxes[1].emailAddress", error.JsonPath);
        Assert.Equal(5, error.Line);
    }

    // What was expected is read from the scenario model's metadata at the failing path, at any depth: through arrays,
    // objects and dictionaries, for every kind of value; and no message names a CLR type.
    [Theory]
    [InlineData("""{ "pools": [ { "name": "P", "createdAt": "yesterday" } ] }""", "$.pools[0].createdAt", "expected a timestamp (ISO-8601")]
    [InlineData("""{ "inboxes": [ { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011", "status": "archived" } ] }""", "$.inboxes[0].status", "expected active, paused, deactivated or error")]
    [InlineData("""{ "inboxes": [ { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011", "status": 1 } ] }""", "$.inboxes[0].status", "expected active, paused, deactivated or error")]
    [InlineData("""{ "settings": { "rateLimit": { "calls": "1", "windowSeconds": 2 } } }""", "$.settings.rateLimit.calls", "expected an integer")]
    [InlineData("""{ "generate": { "pools": 1, "statuses": { "active": "often" } } }""", "$.generate.statuses.active", "expected a number")]
    [InlineData("""{ "generate": { "pools": 1, "statuses": [] } }""", "$.generate.statuses", "expected an object whose values are numbers")]
    [InlineData("""{ "apiKeys": [ { "key": "k", "permissions": [ 1 ] } ] }""", "$.apiKeys[0].permissions[0]", "expected a string")]
    [InlineData("""{ "apiKeys": [ { "key": "k", "permissions": "pools:read" } ] }""", "$.apiKeys[0].permissions", "expected an array of strings")]
    [InlineData("""{ "rules": [ { "match": { "path": "/pools" }, "fault": "boom" } ] }""", "$.rules[0].fault", "expected emptyResponse or malformedChunk")]
    [InlineData("""{ "settings": { "unknownFields": true } }""", "$.settings.unknownFields", "expected ignore or reject")]
    [InlineData("""{ "pools": [ 5 ] }""", "$.pools[0]", "expected an object with the properties id, name, createdAt")]
    [InlineData("""{ "pools": [ { "name": null } ] }""", "$.pools[0].name", "expected a string")]
    [InlineData("""{ "pools": [ { } ] }""", "$.pools[0]", "missing required properties including: 'name'")]
    [InlineData("""{ "pools": [ { "name": "P", "nmae": "Q" } ] }""", "$.pools[0].nmae", "unknown property 'nmae'; the properties here are id, name, createdAt")]
    [InlineData("""{ "generate": { "pools": 1, "statuses": { "odd.name": "x" } } }""", "$.generate.statuses['odd.name']", "expected a number")]
    public async Task A_wrongly_shaped_value_says_what_was_expected_at_its_path(string json, string jsonPath, string expected)
    {
        var error = await LoadFailsAsync(Write(json));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DeepLead.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "apiKeys": [ { "key": "k", "permissions": ["inboxes:delete"] } ] }""", "$.apiKeys[0].permissions[0]")]
    [InlineData("""{ "pools": [ { "id": "xyz", "name": "P" } ] }""", "$.pools[0].id")]
    [InlineData("""{ "pools": [ { "name": "" } ] }""", "$.pools[0].name")]
    [InlineData("""{ "inboxes": [ { "emailAddress": "a@gmail.com" } ] }""", "$.inboxes[0]")]
    [InlineData("""{ "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "P" }, { "id": "507F1F77BCF86CD799439011", "name": "Q" } ] }""", "$.pools[1].id")]
    [InlineData("""{ "settings": { "maxBatchSize": 0 } }""", "$.settings.maxBatchSize")]
    [InlineData("""{ "inboxes": [ { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011", "status": "archived" } ] }""", "$.inboxes[0].status")]
    public async Task Invalid_content_is_rejected_at_its_path(string json, string jsonPath)
    {
        var error = await LoadFailsAsync(Write(json));

        Assert.StartsWith(jsonPath, error.JsonPath ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_located()
    {
        var error = await LoadFailsAsync(Write("{\n  \"name\": \"x\",\n  \"seed\": 1,,\n}"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task Layers_apply_in_order_and_code_options_come_last()
    {
        var baseFile = Write("""
            {
              "clock": "2024-01-01T00:00:00Z",
              "seed": 1,
              "apiKeys": [ { "key": "dl_base" } ],
              "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "Base" } ]
            }
            """);
        var overlay = Write("""
            {
              "clock": "2024-02-02T00:00:00Z",
              "apiKeys": [ { "key": "dl_base", "permissions": ["pools:read"] }, { "key": "dl_overlay" } ],
              "inboxes": [ { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011" } ]
            }
            """);
        var options = new DeepLeadFakeOptions();
        options.AddScenarioFile(baseFile);
        options.AddScenarioFile(overlay);
        options.Inboxes.Add(new InboxDefinition { EmailAddress = "b@gmail.com", PoolId = PoolId });

        await using var fake = await DeepLeadFake.StartAsync(options, Ct);

        Assert.Equal("dl_overlay", fake.ApiKey);
        Assert.Equal(["a@gmail.com", "b@gmail.com"], fake.Inboxes.Select(i => i.EmailAddress).Order(StringComparer.Ordinal));
        Assert.All(fake.Inboxes, i => Assert.Equal(new DateTimeOffset(2024, 2, 2, 0, 0, 0, TimeSpan.Zero), i.CreatedAt));
        using var baseClient = Validated(fake, "dl_base");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await baseClient.GetAsync("inboxes", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_shipped_scenario_loads()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var options = new DeepLeadFakeOptions();
            options.AddScenarioFile(file);
            await using var fake = await DeepLeadFake.StartAsync(options, Ct);
            Assert.StartsWith("dl_", fake.ApiKey, StringComparison.Ordinal);
            Assert.All(fake.Inboxes, i => Assert.Contains(fake.Pools, p => p.Id == i.PoolId));
        }
    }
}
