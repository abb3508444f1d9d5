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
        Gen.Int[0, 1]
            .Select(_ => (new ActualWorld(fake, client, 1, labelByOp: true), new ModelWorld(1, labelByOp: true)))
            .SampleParallel(
                Generators.ConcurrentOperation.Operation<ActualWorld, ModelWorld>(op => op.ToString(), (actual, op) => actual.RunConcurrent(op), (model, op) => model.RunConcurrent(op)),
                equal: SameResponsesAndState,
                maxSequentialOperations: 6,
                maxParallelOperations: 5,
                iter: Iterations(transport),
                threads: 2,
                printActual: a => $"{a.LastDifference}\n" + string.Join("\n", a.Responses.Select(r => $"  {r.Key} => {r.Value}")),
                printModel: m => string.Join("\n", m.Responses.Select(r => $"  {r.Key} => {r.Value}")),
                writeLine: TestContext.Current.TestOutputHelper!.WriteLine);
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
