namespace DeepLead.Fakes;

public sealed partial class DeepLeadFake
{
    /// <summary>
    /// Checks that every rule in force for the configured keys (the scenarios' and those added) fired at least once since
    /// the start or the last <see cref="Reset"/>: a rule that never fired usually means a test that did not test what it meant to.
    /// </summary>
    /// <exception cref="FakeVerificationException">Names each rule that never fired, with what it matches and does.</exception>
    public void VerifyAllRulesUsed() => Verify.RuleVerification.ThrowIfAnyUnused(_world.Primary.Rules.Usage());
}

public sealed partial class DeepLeadTenant
{
    /// <summary>Checks that every rule of this tenant fired at least once since it was created or reset.</summary>
    /// <exception cref="FakeVerificationException">Names each rule that never fired.</exception>
    public void VerifyAllRulesUsed() => Verify.RuleVerification.ThrowIfAnyUnused(Account.Rules.Usage());
}
