using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>Fixtures as users write them: a subclass whose Configure sets the scenario and adds to it in code.</summary>
public sealed class DefaultScenarioFake : DeepLeadFakeFixture
{
    public const string ExtraPoolId = "0000000000000000000000aa";

    private static int _starts;

    public static int Starts => Volatile.Read(ref _starts);

    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        options.Pools.Add(new PoolDefinition { Id = ExtraPoolId, Name = "Configured in code" });
    }

    public override ValueTask InitializeAsync()
    {
        Interlocked.Increment(ref _starts);
        return base.InitializeAsync();
    }
}

/// <summary>The same, in memory.</summary>
public sealed class InMemoryFake : DeepLeadFakeFixture
{
    protected override void Configure(DeepLeadFakeOptions options)
    {
        options.Transport = FakeTransport.InMemory;
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
    }
}

/// <summary>Used as a collection fixture only: counts its starts.</summary>
public sealed class CollectionFake : DeepLeadFakeFixture
{
    private static int _starts;

    public static int Starts => Volatile.Read(ref _starts);

    protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));

    public override ValueTask InitializeAsync()
    {
        Interlocked.Increment(ref _starts);
        return base.InitializeAsync();
    }
}

/// <summary>Used as the assembly fixture only: one fake for every test class, each test with its own tenant.</summary>
public sealed class AssemblyFake : DeepLeadFakeFixture
{
    private static int _starts;

    public static int Starts => Volatile.Read(ref _starts);

    protected override void Configure(DeepLeadFakeOptions options) => options.Scenarios.Add(ScenarioSource.Shipped("default"));

    public override ValueTask InitializeAsync()
    {
        Interlocked.Increment(ref _starts);
        return base.InitializeAsync();
    }
}
