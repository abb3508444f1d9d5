using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// What every benchmark here shares: allocations, the median and minimum next to the mean (the machine may be
/// shared, and they show what the mean hides when a neighbour wakes up), and results kept next to this project.
/// </summary>
public abstract class SuiteConfig : ManualConfig
{
    protected SuiteConfig(Job job)
    {
        AddJob(job);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        if (Artifacts.Path is { } path)
        {
            ArtifactsPath = path;
        }
    }
}

/// <summary>
/// One launch, 3 warm-up and 6 measured iterations: enough to tell microseconds from milliseconds, while the whole
/// suite stays within a few minutes on two cores.
/// </summary>
public sealed class QuickConfig() : SuiteConfig(Job.Default
    .WithId("Quick")
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(6));

/// <summary>
/// For comparing two pages that cost a few microseconds: on a shared machine a whole benchmark process can run
/// fast or slow (the same case measured from 4.7 to 9.6 us in different runs here), which a single launch would read
/// as a difference between the pages. Two shorter launches per case dilute that; the Min column, least touched by a
/// busy neighbour, is the fairest figure to compare.
/// </summary>
public sealed class PagingConfig() : SuiteConfig(Job.Default
    .WithId("Paging")
    .WithLaunchCount(2)
    .WithWarmupCount(2)
    .WithIterationCount(5)
    // A fixed 65,536 calls per iteration (about 0.3 s at a few microseconds a call) skips the pilot stage, which
    // would otherwise take longer than the measurement in each of the 16 processes.
    .WithInvocationCount(65_536)
    .WithUnrollFactor(16));

/// <summary>
/// For loopback HTTP: Kestrel, WireMock and the client keep getting faster (tiered JIT, dynamic PGO) for several
/// seconds, so this job warms up for longer before it measures.
/// </summary>
public sealed class HttpConfig() : SuiteConfig(Job.Default
    .WithId("Http")
    .WithLaunchCount(1)
    .WithWarmupCount(15)
    .WithIterationCount(8));

/// <summary>
/// Results go to <c>tests/DeepLead.Fakes.Benchmarks/BenchmarkDotNet.Artifacts</c> rather than the working directory,
/// so a run from the repository root leaves nothing at the root.
/// </summary>
internal static class Artifacts
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DeepLead.Fakes.Benchmarks.csproj")))
            {
                return System.IO.Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts");
            }
        }
        return null;
    }
}
