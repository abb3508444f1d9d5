using NUnit.Framework;

namespace DeepLead.Fakes.NUnit;

/// <summary>
/// Every plausible reading of the documentation (<see cref="FakeVariants.All"/>) as NUnit sources: run a fixture, or one
/// test, under each, so a client is checked against every guess the fake can switch.
/// <code>
/// [TestFixtureSource(typeof(DeepLeadFakeVariants), nameof(DeepLeadFakeVariants.Fixtures))]
/// public sealed class InboxTests(FakeVariant variant) : DeepLeadTenantFixture
/// {
///     protected override void Configure(DeepLeadFakeOptions options) => variant.Apply(options);
///     ...
/// }
/// </code>
/// </summary>
public static class DeepLeadFakeVariants
{
    /// <summary>For <c>[TestFixtureSource]</c>: one fixture per variant, named after it.</summary>
    public static IEnumerable<TestFixtureData> Fixtures => FakeVariants.All.Select(v => new TestFixtureData(v).SetArgDisplayNames(v.ToString()));

    /// <summary>For <c>[TestCaseSource]</c>: one test case per variant, named after it.</summary>
    public static IEnumerable<TestCaseData> Cases => FakeVariants.All.Select(v => new TestCaseData(v).SetArgDisplayNames(v.ToString()));
}
