using CsCheck;
using DeepLead.Fakes.Robustness.Tests.Fuzz;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>
/// Where the model-based and concurrency samples start. CsCheck seeds each sample from the clock, so every run would
/// try other sequences and a rare fault would fail CI at random. By default a run takes a fixed list of CsCheck seeds,
/// the same in every process (a failure names its seed: <c>CsCheck_Seed=…</c> replays it). With
/// <c>DEEPLEAD_MODEL_EXPLORE=1</c>, or <c>CsCheck_Seed</c> set, seeding goes back to CsCheck, which then also shrinks.
/// </summary>
internal static class SampleSeeds
{
    public static bool Explore =>
        Environment.GetEnvironmentVariable("DEEPLEAD_MODEL_EXPLORE") == "1" || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CsCheck_Seed"));

    /// <summary><paramref name="count"/> CsCheck seeds drawn from <paramref name="master"/> alone.</summary>
    public static string[] Fixed(int master, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new PCG((uint)i, (ulong)(uint)FuzzGenerator.RequestSeed(master, i) << 32 | (uint)FuzzGenerator.RequestSeed(i, master)).ToString())];

    /// <summary>
    /// Runs one sample per fixed seed, one after the other: a sample blocks its thread while CsCheck's own worker
    /// threads run, so running samples side by side on the thread pool starves it.
    /// </summary>
    public static void Each(int master, int count, Action<string> sampleOne, Action<string> writeLine)
    {
        var seeds = Fixed(master, count);
        foreach (var seed in seeds)
        {
            sampleOne(seed);
        }
        writeLine($"{seeds.Length} fixed seeds passed ({seeds[0]} … {seeds[^1]}); DEEPLEAD_MODEL_EXPLORE=1 draws fresh ones");
    }
}
