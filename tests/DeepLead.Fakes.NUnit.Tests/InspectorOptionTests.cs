using DeepLead.Fakes.NUnit;

namespace DeepLead.Fakes.NUnit.Tests;

/// <summary>A fixture that asks for the inspector: its address printed, a report folder for failed tests.</summary>
public sealed class InspectorOptionTests : DeepLeadTenantFixture
{
    private static readonly string ReportFolder = Path.Combine(Path.GetTempPath(), "deeplead-nunit-inspector-" + Environment.ProcessId);

    protected override void Configure(DeepLeadFakeOptions options) => options.Transport = FakeTransport.InMemory;

    protected override bool PrintInspectorAddress => true;

    protected override string? InspectorReportFolder => ReportFolder;

    [Test]
    public async Task The_inspector_is_started_and_serves_its_page()
    {
        // PrintInspectorAddress started it in the one-time set-up; asking again gives the same address.
        var address = await Fake.StartInspectorAsync();
        Assert.That(address.AbsoluteUri, Does.StartWith("http://127.0.0.1:").And.EndWith("/__admin/deeplead/ui/"));
        using var http = new HttpClient();
        Assert.That(await http.GetStringAsync(address), Does.Contain("DeepLead fake inspector"));
    }

    /// <summary>Every test here passed: none left a report.</summary>
    [OneTimeTearDown]
    public void NoReportForPassingTests() => Assert.That(Directory.Exists(ReportFolder), Is.False);
}
