using System.Globalization;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// How much memory disposed tenants keep alive: one fake of the shipped <c>large</c> scenario, 200 tenants that each
/// create and list, all disposed, then a full collection. Run:
/// <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --tenant-retention</c>.
/// </summary>
internal static class TenantRetention
{
    public const string Flag = "--tenant-retention";

    public static async Task RunAsync()
    {
        foreach (var journal in new[] { true, false })
        {
            var options = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory, JournalCapacity = journal ? 10_000 : 0 };
            options.Scenarios.Add(ScenarioSource.Shipped("large"));
            await using var fake = await DeepLeadFake.StartAsync(options);
            var before = Settled();
            for (var i = 0; i < 200; i++)
            {
                await UseAndDisposeTenantAsync(fake, i);
            }
            await Task.Yield();
            var after = Settled();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"200 disposed tenants of 'large', journal {(journal ? "on" : "off")}: {(after - before) / 1024.0 / 1024.0:+0.0;-0.0} MiB retained ({fake.Journal.Calls.Count} calls journaled)"));
        }
    }

    private static async Task UseAndDisposeTenantAsync(DeepLeadFake fake, int i)
    {
        using var tenant = fake.CreateTenant();
        using var client = tenant.CreateClient();
        using var created = await client.PostAsync("inboxes", new StringContent($$"""{"emailAddress": "t{{i}}@gmail.com", "imapPassword": "p"}""", System.Text.Encoding.UTF8, "application/json"));
        using var page = await client.GetAsync("inboxes?limit=100");
        created.EnsureSuccessStatusCode();
        page.EnsureSuccessStatusCode();
    }

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
