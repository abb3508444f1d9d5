using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace DeepLead.Fakes.Benchmarks;

/// <summary>
/// One launch, 3 warm-up and 6 measured iterations: enough to tell microseconds from milliseconds and a flat cost
/// from a growing one, while the whole suite stays within a few minutes on two cores.
/// </summary>
public sealed class QuickConfig : ManualConfig
{
    public QuickConfig()
    {
        AddJob(Job.Default
            .WithId("Quick")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(6));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
