using System.Net;
using System.Text;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

public sealed class ScenarioSourceAndGenerationTests
{
    private const string Generated = """
        {
          "clock": "2024-06-01T00:00:00Z",
          "seed": 99,
          "generate": {
            "pools": 3,
            "inboxesPerPool": 40,
            "statuses": { "active": 1, "paused": 1, "deactivated": 1, "error": 1 },
            "providers": { "google": 1, "custom": 1 },
            "dailySendingLimit": { "min": 5, "max": 9 }
          }
        }
        """;

    private static async Task<DeepLeadFake> StartAsync(params ScenarioSource[] sources)
    {
        var options = new DeepLeadFakeOptions();
        foreach (var source in sources)
        {
            options.Scenarios.Add(source);
        }
        return await DeepLeadFake.StartAsync(options, Ct);
    }

    private static async Task<string> TranscriptAsync(DeepLeadFake fake)
    {
        using var client = Validated(fake);
        var pools = await client.GetStringAsync("pools", Ct);
        var inboxes = await client.GetStringAsync("inboxes?limit=50", Ct) + await client.GetStringAsync("inboxes?limit=50&skip=50", Ct) + await client.GetStringAsync("inboxes?limit=50&skip=100", Ct);
        var created = await (await client.PostJsonAsync("inboxes", Single("new@gmail.com"))).Content.ReadAsStringAsync(Ct);
        return pools + inboxes + created;
    }

    [Fact]
    public async Task Generation_is_deterministic_for_a_seed_and_differs_for_another()
    {
        await using var first = await StartAsync(ScenarioSource.Json(Generated));
        await using var second = await StartAsync(ScenarioSource.Json(Generated));
        await using var other = await StartAsync(ScenarioSource.Json(Generated.Replace("\"seed\": 99", "\"seed\": 100", StringComparison.Ordinal)));

        Assert.Equal(await TranscriptAsync(first), await TranscriptAsync(second));
        Assert.NotEqual(first.Inboxes.Select(i => i.EmailAddress), other.Inboxes.Select(i => i.EmailAddress));
    }

    [Fact]
    public async Task Generated_data_follows_the_block()
    {
        await using var fake = await StartAsync(ScenarioSource.Json(Generated));

        Assert.Equal(3, fake.Pools.Count);
        Assert.All(fake.Pools, p => Assert.Equal(40, p.InboxCount));
        Assert.Equal(120, fake.Inboxes.Select(i => i.EmailAddress.ToLowerInvariant()).Distinct().Count());
        Assert.All(fake.Inboxes, i =>
        {
            Assert.Matches(@"^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$", i.EmailAddress);
            Assert.InRange(i.DailySendingLimit, 5, 9);
            Assert.True(i.CreatedAt <= new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.True(i.Provider is "google" || (i.Provider is null && i.ImapHost is not null && i.SmtpPort is not null));
        });
        Assert.Equal(4, fake.Inboxes.Select(i => i.Status).Distinct().Count());
        Assert.Contains(fake.Inboxes, i => i.Provider is null);
    }

    [Fact]
    public async Task Generation_into_defined_pools_and_a_total()
    {
        await using var fake = await StartAsync(ScenarioSource.Json("""
            {
              "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "A" }, { "id": "507f1f77bcf86cd799439012", "name": "B" } ],
              "generate": { "inboxes": 5 }
            }
            """));

        Assert.Equal([3, 2], fake.Pools.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.InboxCount));
        Assert.All(fake.Inboxes, i => Assert.Equal(InboxStatus.Active, i.Status));
    }

    [Theory]
    [InlineData("""{ "generate": { "pools": 1, "inboxesPerPool": 3000000 } }""", "$.generate.inboxesPerPool")]
    [InlineData("""{ "generate": { "inboxes": 5 } }""", "$.generate")]
    [InlineData("""{ "generate": { "pools": 1, "inboxes": 5, "inboxesPerPool": 5 } }""", "$.generate.inboxes")]
    [InlineData("""{ "generate": { "pools": 1, "statuses": { "archived": 1 } } }""", "$.generate.statuses.archived")]
    [InlineData("""{ "generate": { "pools": 1, "providers": { "aol": 1 } } }""", "$.generate.providers.aol")]
    [InlineData("""{ "generate": { "pools": 1, "dailySendingLimit": { "min": 9, "max": 5 } } }""", "$.generate.dailySendingLimit")]
    public async Task Absurd_or_wrong_generation_fails_fast_with_its_path(string json, string path)
    {
        var error = await Assert.ThrowsAsync<ScenarioException>(() => StartAsync(ScenarioSource.Json(json, "gen.json")));

        Assert.Equal(path, error.JsonPath);
    }

    [Fact]
    public async Task A_file_a_string_a_stream_and_the_shipped_copy_load_the_same_world()
    {
        var path = ScenarioPath("default");
        var text = await File.ReadAllTextAsync(path, Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var sources = new[] { ScenarioSource.File(path), ScenarioSource.Json(text), ScenarioSource.Stream(stream), ScenarioSource.Shipped("default") };

        var transcripts = new List<string>();
        foreach (var source in sources)
        {
            await using var fake = await StartAsync(source);
            transcripts.Add(await TranscriptAsync(fake));
        }

        Assert.Single(transcripts.Distinct());
    }

    [Fact]
    public async Task Code_options_produce_the_same_state_as_the_equivalent_file()
    {
        await using var fromFile = await StartAsync(ScenarioSource.Json("""
            {
              "clock": "2024-02-02T10:00:00Z",
              "seed": 5,
              "apiKeys": [ { "key": "dl_a" }, { "key": "dl_r", "permissions": ["pools:read"] } ],
              "pools": [ { "id": "507f1f77bcf86cd799439011", "name": "Main", "createdAt": "2024-01-01T00:00:00Z" }, { "name": "Generated id" } ],
              "inboxes": [ { "emailAddress": "a@gmail.com", "poolId": "507f1f77bcf86cd799439011", "status": "paused", "dailySendingLimit": 9 } ],
              "generate": { "inboxes": 6, "providers": { "yahoo": 1 } },
              "rules": [ { "match": { "method": "POST", "path": "/inboxes", "body": { "emailAddress": "*@x.com" } }, "failConnectionTest": "nope", "times": 1 } ],
              "settings": { "maxBatchSize": 7, "defaultLimit": 3, "maxLimit": 50 }
            }
            """));
        var options = new DeepLeadFakeOptions
        {
            Clock = DateTimeOffset.Parse("2024-02-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Seed = 5,
            Generate = new DataGeneration { TotalInboxes = 6, Providers = new Dictionary<string, double> { ["yahoo"] = 1 }, MinDailySendingLimit = 10, MaxDailySendingLimit = 100 },
            MaxBatchSize = 7,
            DefaultLimit = 3,
            MaxLimit = 50,
        };
        options.ApiKeys.Add(new FakeApiKey("dl_a"));
        options.ApiKeys.Add(new FakeApiKey("dl_r", [Permissions.PoolsRead]));
        options.Pools.Add(new PoolDefinition { Id = "507f1f77bcf86cd799439011", Name = "Main", CreatedAt = DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) });
        options.Pools.Add(new PoolDefinition { Name = "Generated id" });
        options.Inboxes.Add(new InboxDefinition { EmailAddress = "a@gmail.com", PoolId = "507f1f77bcf86cd799439011", Status = InboxStatus.Paused, DailySendingLimit = 9 });
        options.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@x.com").FailConnectionTest("nope").Times(1));
        await using var fromCode = await DeepLeadFake.StartAsync(options, Ct);

        Assert.Equal(await TranscriptAsync(fromFile), await TranscriptAsync(fromCode));
        using var a = Validated(fromFile);
        using var b = Validated(fromCode);
        var create = Single("z@x.com", "\"provider\": \"google\"");
        Assert.Equal(await (await a.PostJsonAsync("inboxes", create)).Content.ReadAsStringAsync(Ct), await (await b.PostJsonAsync("inboxes", create)).Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await Validated(fromCode, "dl_r").GetAsync("inboxes", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_scenario_over_the_size_limit_is_refused_without_reading_it_whole()
    {
        using var huge = new EndlessStream();

        var error = Assert.Throws<ScenarioException>(() => ScenarioSource.Stream(huge, "huge"));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.True(huge.Position <= DeepLead.Fakes.Scenarios.ScenarioLoader.MaxFileBytes + 1024 * 1024);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_with_a_clear_error()
    {
        var nested = "{\"wiremock\": " + new string('[', 5000) + new string(']', 5000) + "}";

        var error = await Assert.ThrowsAsync<ScenarioException>(() => StartAsync(ScenarioSource.Json(nested, "deep.json")));

        Assert.Equal("deep.json", error.Origin);
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WireMock_mappings_in_a_scenario_answer_ahead_of_the_fake()
    {
        await using var fake = await StartAsync(ScenarioSource.Json("""
            {
              "wiremock": [
                { "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/api/v1/pools" } ] }, "Methods": [ "GET" ] },
                  "Response": { "StatusCode": 207, "Body": "{\"custom\":true}" } }
              ]
            }
            """));
        // Not contract-checked: a WireMock mapping may answer anything, which is the point of the escape hatch.
        using var client = fake.CreateClient();

        using var pools = await client.GetAsync("pools", Ct);
        using var inboxes = await client.GetAsync("inboxes", Ct);

        Assert.Equal((HttpStatusCode)207, pools.StatusCode);
        Assert.Equal("{\"custom\":true}", await pools.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, inboxes.StatusCode);
    }

    [Fact]
    public async Task WireMock_mappings_need_the_wiremock_transport()
    {
        var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        options.WireMockMappings.Add("""{ "Request": { "Path": "/x" }, "Response": { "StatusCode": 200 } }""");

        var error = await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Contains("WireMock transport", error.Message, StringComparison.Ordinal);
    }

    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            _position += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
