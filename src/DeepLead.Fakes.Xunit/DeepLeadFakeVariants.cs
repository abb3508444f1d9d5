using Xunit;

namespace DeepLead.Fakes.Xunit;

/// <summary>
/// Theory data with every plausible reading of the documentation (<see cref="FakeVariants.All"/>): run one test under
/// each, so a client is checked against every guess the fake can switch.
/// <code>
/// [Theory, ClassData(typeof(DeepLeadFakeVariants))]
/// public async Task Creates_an_inbox(FakeVariant variant)
/// {
///     var options = new DeepLeadFakeOptions();
///     variant.Apply(options);
///     await using var fake = await DeepLeadFake.StartAsync(options);
///     ...
/// }
/// </code>
/// </summary>
public sealed class DeepLeadFakeVariants : TheoryData<FakeVariant>
{
    /// <summary>One row per variant, the defaults first.</summary>
    public DeepLeadFakeVariants()
    {
        foreach (var variant in FakeVariants.All)
        {
            Add(variant);
        }
    }
}
