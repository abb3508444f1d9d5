using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepLead.Fakes.Scenarios;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// Issue 27: scenario files of a large account (no 64 MiB limit; a limit on inboxes instead), read by the fast reader
/// of the inboxes array, which must read exactly what the strict reader reads, or give up. Not timed: the figures are
/// the load driver's (<c>--scale-load</c>, docs/performance.md).
/// </summary>
public sealed class LargeScenarioTests
{
    private const string Pool = "65b000000000000000000001";

    [Fact]
    public async Task A_scenario_with_more_inboxes_than_the_limit_is_refused_at_the_first_inbox_past_it()
    {
        var options = new DeepLeadFakeOptions { MaxScenarioInboxes = 2 };
        options.Scenarios.Add(ScenarioSource.Json(Scenario(3), "big.json"));

        var error = await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Equal("big.json", error.Origin);
        Assert.Equal("$.inboxes[2]", error.JsonPath);
        Assert.NotNull(error.Line);
        Assert.Contains("more than 2 inboxes, the limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxScenarioInboxes", error.Message, StringComparison.Ordinal);
        Assert.Contains("--max-inboxes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_limit_counts_every_layer_and_generated_inboxes()
    {
        var options = new DeepLeadFakeOptions { MaxScenarioInboxes = 12 };
        options.Scenarios.Add(ScenarioSource.Json(Scenario(3), "base.json"));
        options.Scenarios.Add(ScenarioSource.Json("""{"generate": {"inboxes": 10}}""", "more.json"));

        var error = await Assert.ThrowsAsync<ScenarioException>(() => DeepLeadFake.StartAsync(options, Ct));

        Assert.Equal("more.json", error.Origin);
        Assert.Equal("$.generate.inboxes", error.JsonPath);
        Assert.Contains("more than 12 inboxes, the limit", error.Message, StringComparison.Ordinal);

        // At the limit exactly, it loads.
        options.MaxScenarioInboxes = 13;
        await using var fake = await DeepLeadFake.StartAsync(options, Ct);
        Assert.Equal(13, fake.Inboxes.Count);
    }

    [Fact]
    public async Task A_scenario_file_over_64_MiB_loads()
    {
        // What was refused before issue 27: the bytes of a large account (here padding, so the test stays light).
        var path = Path.Combine(Path.GetTempPath(), $"large-scenario-{Guid.NewGuid():N}.json");
        try
        {
            using (var file = File.Create(path))
            {
                var json = Encoding.UTF8.GetBytes(Scenario(5));
                file.Write(json.AsSpan(0, json.Length - 1));
                var spaces = new byte[1024 * 1024];
                spaces.AsSpan().Fill((byte)' ');
                for (var i = 0; i < 65; i++)
                {
                    file.Write(spaces);
                }
                file.Write("}"u8);
            }
            Assert.True(new FileInfo(path).Length > 64L * 1024 * 1024);

            await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions().AddScenarioFile(path), Ct);

            Assert.Equal(5, fake.Inboxes.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_100000_inbox_file_loads_with_its_pages_and_pools_as_written()
    {
        const int count = 100_000;
        var json = Scenario(count, pools: 10);

        var options = new DeepLeadFakeOptions();
        options.Scenarios.Add(ScenarioSource.Json(json, "account.json"));
        await using var fake = await DeepLeadFake.StartAsync(options, Ct);
        using var client = fake.CreateClient();

        Assert.Equal(count, fake.Inboxes.Count);
        using var last = JsonDocument.Parse(await client.GetStringAsync("inboxes?skip=99999&limit=1000", Ct));
        var inbox = Assert.Single(last.RootElement.GetProperty("inboxes").EnumerateArray().ToArray());
        Assert.Equal(Id(count - 1), inbox.GetProperty("id").GetString());
        Assert.Equal(Email(count - 1), inbox.GetProperty("emailAddress").GetString());
        Assert.Equal(PoolOf(count - 1, 10), inbox.GetProperty("poolId").GetString());
        Assert.Equal(count, last.RootElement.GetProperty("pagination").GetProperty("total").GetInt32());
        using var pools = JsonDocument.Parse(await client.GetStringAsync("pools", Ct));
        Assert.All(pools.RootElement.GetProperty("pools").EnumerateArray(), p => Assert.Equal(count / 10, p.GetProperty("inboxCount").GetInt32()));
        // The pool id of every inbox of a pool is one string: the pool's own.
        var first = fake.Inboxes[0];
        Assert.All(fake.Inboxes.Where(i => i.PoolId == first.PoolId).Take(100), i => Assert.Same(first.PoolId, i.PoolId));
    }

    [Fact]
    public void The_fast_reader_reads_every_field_as_the_strict_reader_does()
    {
        var json = $$"""
            {
              "pools": [{"id": "{{Pool}}", "name": "P"}],
              "inboxes": [
                {"emailAddress": "a@gmail.com", "poolId": "{{Pool.ToUpperInvariant()}}"},
                {"id": "66A000000000000000000001", "emailAddress": "b\u0040custom.example", "poolId": "{{Pool}}", "status": "error",
                 "dailySendingLimit": 7, "createdAt": "2024-02-03T04:05:06+02:00", "provider": "zoho", "imapHost": "imap.x.example",
                 "imapPort": 143, "smtpHost": null, "smtpPort": 25, "imapUsername": "u1", "smtpUsername": "u2",},
                {"emailAddress": "c@yahoo.com", "poolId": "{{Pool}}", "id": null, "createdAt": null, "imapPort": null, "provider": null}
              ]
            }
            """;
        var bytes = Encoding.UTF8.GetBytes(json);

        var fast = ScenarioLoader.Load(bytes, "fast.json", fastReaderFrom: 0);
        var strict = JsonSerializer.Deserialize<ScenarioModel>(bytes, ScenarioLoader.Options)!;

        Assert.NotNull(fast.InboxRows);
        Assert.Equal(strict.Inboxes!.Select(InboxRow.From), fast.InboxRows);
    }

    [Theory]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "status": "Active"}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "emailAddress": "b@gmail.com"}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 2.5}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "unknown": 1}""")]
    [InlineData("""{"emailAddress": "a@gmail.com"}""")]
    [InlineData("""{"emailAddress": null, "poolId": "P"}""")]
    [InlineData("""{"email\u0041ddress": "a@gmail.com", "poolId": "P"}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "yesterday"}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "imapPort": "993"}""")]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P"} /* a comment */""")]
    public void The_fast_reader_gives_up_where_the_strict_reader_decides(string inbox)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"inboxes": [{{inbox}}]}""");

        var isComment = inbox.Contains("/*", StringComparison.Ordinal);

        // A comment is read by the fast reader too (the strict reader skips comments); every other case is left to the strict reader.
        Assert.Equal(isComment, InboxArrayReader.Read(json, InboxArrayReader.Start(json, minArrayBytes: 0)!.Value) is not null);
    }

    /// <summary>
    /// The hand scanner's edges of JSON (whitespace, comments, trailing commas, escapes, numbers, literals, UTF-8, the
    /// forms of a time): whatever it reads, the strict reader reads to the same values, time offsets included; where the
    /// strict reader fails, it gives up. The common forms of a snapshot must be read, or large files would be slow again.
    /// </summary>
    [Theory]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:00Z"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:00.123Z"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:00.1234567Z"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:00-05:00"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-02-29T23:59:59Z"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2023-02-29T00:00:00Z"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T24:00:00Z"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-13-01T00:00:00Z"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "0000-01-01T00:00:00Z"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:00.12aZ"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024-01-15T10:30:60Z"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "createdAt": "2024\u002D01-15T10:30:00Z"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": -0}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": -5}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 2147483647}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 2147483648}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": -2147483648}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 99999999999}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 01}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": 2e1}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": -}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "dailySendingLimit": +2}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "imapPort": nul}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "imapPort": nulls}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "imapPort": true}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "provider": {}}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "status": null}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "status": "p\u0061used"}""", false)]
    [InlineData("""{"emailAddress": "\"quoted\"@gmail.com", "poolId": "P\\1"}""", true)]
    [InlineData("""{"emailAddress": "bad\x@gmail.com", "poolId": "P"}""", false)]
    [InlineData("""{"emailAddress": "josé@gmail.com", "poolId": "Pé", "imapHost": "日本.example"}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P", "id": 5}""", false)]
    [InlineData(" \t\r\n{ \n\"emailAddress\"\t:\r\"a@gmail.com\" , \"poolId\" : \"P\" \n} \n", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P",}""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P"},""", true)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P"},,""", false)]
    [InlineData("""{,"emailAddress": "a@gmail.com", "poolId": "P"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com" "poolId": "P"}""", false)]
    [InlineData("""{"emailAddress": "a@gmail.com", "poolId": "P"} {"emailAddress": "b@gmail.com", "poolId": "P"}""", false)]
    [InlineData("{\"emailAddress\": /* where */ \"a@gmail.com\", // it goes\n \"poolId\": \"P\"}", true)]
    [InlineData("{\"emailAddress\": \"a@gmail.com\", /* unclosed */ \"poolId\": \"P\"} /* ", false)]
    [InlineData("{\"emailAddress\": \"a@gmail.com\", \"poolId\": \"P\"} // ", false)]
    [InlineData("{\"emailAddress\": \"a@gmail.com\", \"poolId\": \"P\"} / ", false)]
    [InlineData("{\"emailAddress\": \"a@gmail.com\", // a line\u2028separator\n \"poolId\": \"P\"}", false)]
    [InlineData("{\"emailAddress\": \"a@gmail.com\", /* café */ \"poolId\": \"P\"}", false)]
    public void The_fast_reader_reads_what_the_strict_reader_reads_or_gives_up(string inbox, bool read)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"inboxes": [{{inbox}}]}""");

        var fast = InboxArrayReader.Start(json, minArrayBytes: 0) is { } start ? InboxArrayReader.Read(json, start) : null;
        ScenarioModel? strict;
        try
        {
            strict = JsonSerializer.Deserialize<ScenarioModel>(json, ScenarioLoader.Options);
        }
        catch (JsonException)
        {
            strict = null;
        }

        Assert.Equal(read, fast is not null);
        if (fast is var (rows, end))
        {
            Assert.NotNull(strict);
            var expected = strict.Inboxes!.Select(InboxRow.From).ToList();
            Assert.Equal(expected, rows);
            Assert.Equal(expected.Select(i => i.CreatedAt?.Offset), rows.Select(i => i.CreatedAt?.Offset));
            Assert.Equal((byte)']', json[end - 1]);
            Assert.Equal("}"u8.ToArray(), json[end..]);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x1F })]
    public void The_fast_reader_gives_up_on_a_string_that_is_not_valid_UTF_8_or_has_a_control_byte(byte[] bad)
    {
        byte[] json = [.. """{"inboxes": [{"emailAddress": "a"""u8, .. bad, .. """@gmail.com", "poolId": "P"}]}"""u8];

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ScenarioModel>(json, ScenarioLoader.Options));
        Assert.Null(InboxArrayReader.Read(json, InboxArrayReader.Start(json, minArrayBytes: 0)!.Value));
    }

    [Fact]
    public void A_second_inboxes_property_is_left_to_the_strict_reader()
    {
        var json = Encoding.UTF8.GetBytes("""{"inboxes": [{"emailAddress": "a@gmail.com", "poolId": "P"}], "inboxes": []}""");

        var loaded = ScenarioLoader.Load(json, "twice.json", fastReaderFrom: 0);

        Assert.Null(loaded.InboxRows);
        Assert.Empty(loaded.Model.Inboxes!);
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"66a{i:x21}");

    private static string Email(int i) => string.Create(CultureInfo.InvariantCulture, $"sender.{i}@{(i % 2 == 0 ? "gmail.com" : "custom.example")}");

    private static string PoolOf(int i, int pools) => string.Create(CultureInfo.InvariantCulture, $"65b{i % pools + 1:x21}");

    /// <summary>A scenario shaped like a snapshot: pools, then one inbox per line with the six documented fields.</summary>
    private static string Scenario(int inboxes, int pools = 1)
    {
        var text = new StringBuilder("""{"apiKeys": [{"key": "dl_large"}], "pools": [""");
        for (var p = 0; p < pools; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""{{(p > 0 ? "," : "")}}{"id": "{{PoolOf(p, int.MaxValue)}}", "name": "Pool {{p}}", "createdAt": "2023-12-01T00:00:00Z"}""");
        }
        text.Append("""], "inboxes": [""");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < inboxes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""{{(i > 0 ? "," : "")}}{{"\n"}}{"id": "{{Id(i)}}", "emailAddress": "{{Email(i)}}", "poolId": "{{PoolOf(i, pools)}}", "status": "active", "dailySendingLimit": {{2 + i % 40}}, "createdAt": "{{start.AddSeconds(i):yyyy-MM-dd'T'HH:mm:ss'Z'}}"}""");
        }
        return text.Append("]}").ToString();
    }
}
