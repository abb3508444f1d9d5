using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>
/// One isolated copy of the scenario: its data and its rules. The configured keys share the primary account;
/// each tenant gets an account of its own, so parallel tests never see each other's state or forced failures.
/// </summary>
internal sealed class Account(FakeStore store, RuleSet rules, string? label = null)
{
    /// <summary>Null for the primary account; "tenant N" for a tenant. Printed in logs instead of the key.</summary>
    public string? Label { get; } = label;

    public FakeStore Store { get; } = store;
    public RuleSet Rules { get; } = rules;

    public void Reset()
    {
        Store.Reset();
        Rules.Reset();
    }
}
