using DeepLead.Fakes.NUnit;

namespace DeepLead.Fakes.Samples.NUnit;

/// <summary>One fake for every test in this namespace: the documented world, plus 25 more inboxes to page through.</summary>
[SetUpFixture]
public sealed class DeepLeadSetUp
{
    public const string MainPool = "507f1f77bcf86cd799439011";

    public static DeepLeadFakeFixture FakeFixture { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => FakeFixture = await DeepLeadFakeFixture.StartAsync(options =>
    {
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        for (var i = 0; i < 25; i++)
        {
            options.Inboxes.Add(new InboxDefinition { EmailAddress = $"team{i:D2}@gmail.com", PoolId = MainPool });
        }
    });

    [OneTimeTearDown]
    public ValueTask StopAsync() => FakeFixture.DisposeAsync();
}
