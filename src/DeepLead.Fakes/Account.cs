using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>
/// One isolated copy of the scenario: its data and its rules. The configured keys share the primary account;
/// each tenant gets an account of its own, so parallel tests never see each other's state or forced failures.
/// </summary>
internal sealed class Account(FakeStore store, RuleSet rules)
{
    public FakeStore Store { get; } = store;
    public RuleSet Rules { get; } = rules;

    public void Reset()
    {
        Store.Reset();
        Rules.Reset();
    }
}
