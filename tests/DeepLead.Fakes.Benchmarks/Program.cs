using BenchmarkDotNet.Running;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --filter '*'</c>;
/// with <c>--tenant-retention</c>, the memory that disposed tenants keep alive; with <c>--snapshot-100k</c>, a snapshot
/// of a 100,000-inbox account.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is [Snapshot100k.Flag])
        {
            await Snapshot100k.RunAsync();
            return;
        }
        if (args is [TenantRetention.Flag])
        {
            await TenantRetention.RunAsync();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
