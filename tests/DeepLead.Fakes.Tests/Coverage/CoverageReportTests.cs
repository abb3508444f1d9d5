using System.Text.Json;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Coverage;

public abstract class CoverageReportTests : BehaviourTests
{
    [Fact]
    public async Task Coverage_is_off_by_default()
    {
        await using var fake = await StartAsync();

        Assert.Throws<InvalidOperationException>(() => fake.GetCoverageReport());
    }

    [Fact]
    public async Task Reports_what_was_exercised_and_what_never_was()
    {
        await using var fake = await StartAsync(o => o.TrackCoverage = true);
        using var client = Validated(fake);

        await client.GetAsync("pools", Ct);
        await client.PostJsonAsync("inboxes", """[{"emailAddress": "a@gmail.com", "imapPassword": "p"}, {"emailAddress": "bad", "imapPassword": "p"}]""");
        await client.PostJsonAsync("inboxes", Single("a@gmail.com"));
        await client.GetAsync("inboxes?limit=1", Ct);

        var report = fake.GetCoverageReport();
        var exercised = report.Exercised.Select(e => e.Name).ToList();
        Assert.Contains("GET /pools -> 200", exercised);
        Assert.Contains("POST /inboxes -> 200 batch", exercised);
        Assert.Contains("POST /inboxes batch with a failed item", exercised);
        Assert.Contains("POST /inboxes auto-created pool", exercised);
        Assert.Contains("POST /inboxes -> 409", exercised);
        Assert.DoesNotContain("GET /inboxes paging", exercised);
        Assert.Contains(report.Missed, e => e.Name == "POST /inboxes -> 404");
        Assert.Contains("never: POST /inboxes -> 404", report.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, report.Entries.Single(e => e.Name == "POST /inboxes -> 409").Calls);
        Assert.Equal(report.Entries.Count, report.Exercised.Count + report.Missed.Count);
    }

    [Fact]
    public async Task Paging_filters_and_connection_failures_are_recognised()
    {
        await using var fake = await StartAsync(o =>
        {
            o.TrackCoverage = true;
            o.Inboxes.Add(new InboxDefinition { EmailAddress = "a@gmail.com", PoolId = PoolId });
            o.Inboxes.Add(new InboxDefinition { EmailAddress = "b@gmail.com", PoolId = PoolId });
            o.Rules.Add(FakeRule.On("POST", "/inboxes").FailConnectionTest("down"));
        });
        using var client = Validated(fake);

        await client.GetAsync($"inboxes?limit=1&poolId={PoolId}&status=active", Ct);
        await client.PostJsonAsync("inboxes", Single("c@gmail.com"));

        var exercised = fake.GetCoverageReport().Exercised.Select(e => e.Name).ToList();
        Assert.Contains("GET /inboxes paging", exercised);
        Assert.Contains("GET /inboxes?poolId", exercised);
        Assert.Contains("GET /inboxes?status", exercised);
        Assert.Contains("POST /inboxes connection test failed", exercised);
        Assert.Contains("POST /inboxes -> 400", exercised);
    }

    [Fact]
    public async Task Disposing_writes_the_json_report_and_logs_the_summary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deeplead-coverage-{Guid.NewGuid():N}.json");
        var log = new ListLogger();
        try
        {
            var fake = await StartAsync(o =>
            {
                o.CoverageReportPath = path;
                o.Logger = log;
            });
            using (var client = Validated(fake))
            {
                await client.GetAsync("pools", Ct);
            }
            await fake.DisposeAsync();

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(path, Ct));
            Assert.Equal(1, report.RootElement.GetProperty("exercised").GetInt32());
            Assert.Contains(report.RootElement.GetProperty("missed").EnumerateArray(), m => m.GetString() == "POST /inboxes -> 409");
            Assert.Contains(log.Lines, l => l.Contains("1 of", StringComparison.Ordinal) && l.Contains("never:", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class CoverageReportTestsOverWireMock : CoverageReportTests
{
    protected override FakeTransport Transport => FakeTransport.WireMock;
}

public sealed class CoverageReportTestsInMemory : CoverageReportTests
{
    protected override FakeTransport Transport => FakeTransport.InMemory;
}
