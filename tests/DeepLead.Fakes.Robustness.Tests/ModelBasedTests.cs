using CsCheck;
using DeepLead.Fakes.Robustness.Tests.Model;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// Random sequences of creates (single and batch, valid and invalid items), lists with random filters and windows,
/// pool lists, resets, tenant switches and unauthorized calls, run against the fake and against
/// <see cref="ModelWorld"/>: every canonical response and the final state must agree. CsCheck shrinks a disagreement
/// to the shortest sequence when exploring; set CsCheck_Seed to replay one. Seeds: <see cref="SampleSeeds"/>.
/// </summary>
public sealed class ModelBasedTests(SharedFakes fakes) : IClassFixture<SharedFakes>
{
    private static int Iterations(FakeTransport transport) =>
        int.TryParse(Environment.GetEnvironmentVariable("DEEPLEAD_MODEL_ITERATIONS"), out var n) ? n : transport == FakeTransport.InMemory ? 400 : 120;

    [Theory]
    [InlineData(FakeTransport.InMemory)]
    [InlineData(FakeTransport.WireMock)]
    public void The_fake_agrees_with_the_model_of_the_documented_rules(FakeTransport transport)
    {
        var fake = fakes.Fake(transport);
        var client = fakes.Client(transport);
        Action<string> writeLine = TestContext.Current.TestOutputHelper!.WriteLine;
        void Sample(string? seed, long iterations, int threads, Action<string>? log) =>
            Gen.Int[0, 1]
                .Select(_ => (new ActualWorld(fake, client, ModelCheck.Accounts), new ModelWorld(ModelCheck.Accounts)))
                .SampleModelBased(
                    Generators.Operation.Operation<ActualWorld, ModelWorld>(op => op.ToString(), (actual, op) => actual.Run(op), (model, op) => model.Run(op)),
                    equal: ModelCheck.Equal,
                    seed: seed,
                    iter: iterations,
                    threads: threads,
                    printActual: ModelCheck.Print,
                    printModel: ModelCheck.Print,
                    writeLine: log);

        if (SampleSeeds.Explore)
        {
            Sample(null, Iterations(transport), threads: 2, writeLine);
        }
        else
        {
            SampleSeeds.Each(0x6d0de1 + (int)transport, Iterations(transport), seed => Sample(seed, 1, threads: 1, log: null), writeLine);
        }
    }
}
