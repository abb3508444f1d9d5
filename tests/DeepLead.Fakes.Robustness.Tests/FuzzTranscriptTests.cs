using System.Diagnostics;
using DeepLead.Fakes.Robustness.Tests.Fuzz;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// A fuzz seed means the same requests everywhere: in this process and in fresh ones (whose per-process hash seeds
/// differ), so a failure seen in CI replays on any machine.
/// </summary>
public sealed class FuzzTranscriptTests
{
    private const int Seed = 20240115;

    [Theory]
    [InlineData(0, 3000)]
    [InlineData(1_000_000_000, 1000)]
    public async Task Two_other_processes_draw_the_same_transcript_as_this_one(int first, int count)
    {
        var ct = TestContext.Current.CancellationToken;
        var here = FuzzTranscript.Of(new FuzzGenerator(Seed, FuzzKeys.DefaultScenario), first, count);

        var one = await DrawInAnotherProcessAsync(Seed, first, count, ct);
        var two = await DrawInAnotherProcessAsync(Seed, first, count, ct);

        Assert.Equal(FuzzTranscript.LinePrefix + here, one);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Another_seed_or_another_slice_draws_other_requests()
    {
        var keys = FuzzKeys.DefaultScenario;
        var digest = FuzzTranscript.Of(new FuzzGenerator(Seed, keys), 0, 200);
        Assert.Equal(digest, FuzzTranscript.Of(new FuzzGenerator(Seed, keys), 0, 200));
        Assert.NotEqual(digest, FuzzTranscript.Of(new FuzzGenerator(Seed + 1, keys), 0, 200));
        Assert.NotEqual(digest, FuzzTranscript.Of(new FuzzGenerator(Seed, keys), 1, 200));
    }

    [Fact]
    public void Requests_past_the_servers_limits_are_drawn_and_carry_no_body()
    {
        var generator = new FuzzGenerator(Seed, FuzzKeys.DefaultScenario);
        var refused = Enumerable.Range(1_000_000_000, 2500).Select(generator.Next).Where(r => r.ServerRefusal is not null).ToList();

        // The port slice a CI run sends meets both limits, so the oracle for them is exercised on every run.
        Assert.Contains(refused, r => r.ServerRefusal == 414);
        Assert.Contains(refused, r => r.ServerRefusal == 431);
        Assert.All(refused, r => Assert.Null(r.Body));
    }

    private static async Task<string> DrawInAnotherProcessAsync(int seed, int first, int count, CancellationToken ct)
    {
        var replay = Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.FuzzReplay.dll");
        Assert.True(File.Exists(replay), $"{replay} is built beside the tests (a project reference)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { replay, "transcript", seed.ToString(), first.ToString(), count.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"FuzzReplay exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
