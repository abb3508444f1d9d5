using CsCheck;
using DeepLead.Fakes.Robustness.Tests.Model;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// Linearizability with CsCheck's <c>SampleParallel</c>: a random serial prefix, then up to five operations from
/// several threads at once against one tenant of the fake. Some serial order of those operations, run on the model,
/// must give every response the fake gave and the fake's final state; and the invariants must hold afterwards.
/// </summary>
public sealed class ConcurrencyTests(SharedFakes fakes) : IClassFixture<SharedFakes>
{
    private static int Iterations(FakeTransport transport) =>
        int.TryParse(Environment.GetEnvironmentVariable("DEEPLEAD_CONCURRENCY_ITERATIONS"), out var n) ? n : transport == FakeTransport.InMemory ? 300 : 100;

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public void Concurrent_operations_are_explainable_by_some_serial_order(FakeTransport transport)
    {
        var fake = fakes.Fake(transport);
        var client = fakes.Client(transport);
        Action<string> writeLine = TestContext.Current.TestOutputHelper!.WriteLine;
        void Sample(string? seed, long iterations, int threads, Action<string>? log) =>
            Gen.Int[0, 1]
                .Select(_ => (new ActualWorld(fake, client, 1, labelByOp: true), new ModelWorld(1, labelByOp: true)))
                .SampleParallel(
                    Generators.ConcurrentOperation.Operation<ActualWorld, ModelWorld>(op => op.ToString(), (actual, op) => actual.RunConcurrent(op), (model, op) => model.RunConcurrent(op)),
                    equal: SameResponsesAndState,
                    seed: seed,
                    // Given a seed, CsCheck reruns a passing sample up to `replay` times (to reproduce a failure it
                    // was told of); a fixed seed has no failure to reproduce, so it runs once.
                    replay: seed is null ? -1 : 1,
                    maxSequentialOperations: 6,
                    maxParallelOperations: 5,
                    iter: iterations,
                    threads: threads,
                    printActual: a => $"{a.LastDifference}\n" + string.Join("\n", a.Responses.Select(r => $"  {r.Key} => {r.Value}")),
                    printModel: m => string.Join("\n", m.Responses.Select(r => $"  {r.Key} => {r.Value}")),
                    writeLine: log);

        // The operations are the same for a seed in every run; their interleaving is the machine's (that is the test).
        if (SampleSeeds.Explore)
        {
            Sample(null, Iterations(transport), threads: 2, writeLine);
        }
        else
        {
            // threads: 2 is how many threads run a sample's parallel operations (CsCheck runs the samples themselves one by one).
            SampleSeeds.Each(0xc0c0a + (int)transport, Iterations(transport), seed => Sample(seed, 1, threads: 2, log: null), writeLine);
        }
    }

    private static bool SameResponsesAndState(ActualWorld actual, ModelWorld model)
    {
        foreach (var (op, expected) in model.Responses)
        {
            if (!actual.Responses.TryGetValue(op, out var got) || got != expected)
            {
                actual.LastDifference = $"{op}: fake {got ?? "(no response)"}, model {expected}";
                return false;
            }
        }
        // State() also checks the invariants over HTTP: counts, unique ids and addresses, paging lists each inbox once.
        var actualState = actual.State();
        var modelState = model.State();
        if (!actualState.SequenceEqual(modelState))
        {
            actual.LastDifference = "final state: fake " + string.Join(" / ", actualState) + "\nmodel " + string.Join(" / ", modelState);
            return false;
        }
        actual.LastDifference = null;
        return true;
    }
}
