using BenchmarkDotNet.Running;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/DeepLead.Fakes.Benchmarks -- --filter '*'</c>;
/// with <c>--tenant-retention</c>, the memory that disposed tenants keep alive.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is [TenantRetention.Flag])
        {
            await TenantRetention.RunAsync();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
