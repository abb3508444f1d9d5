using DeepLead.Fakes.Xunit;

namespace DeepLead.Fakes.Xunit.Tests;

/// <summary>A fixture that asks for the inspector: its address printed, a report folder for failed tests.</summary>
public sealed class InspectedFake : DeepLeadFakeFixture
{
    public static readonly string ReportFolder = Path.Combine(Path.GetTempPath(), "deeplead-xunit-inspector-" + Environment.ProcessId);

    protected override void Configure(DeepLeadFakeOptions options) => options.Transport = FakeTransport.InMemory;

    protected override bool PrintInspectorAddress => true;

    protected override string? InspectorReportFolder => ReportFolder;
}

public sealed class InspectorOptionTests(InspectedFake fixture) : IClassFixture<InspectedFake>, IAsyncDisposable
{
    [Fact]
    public async Task The_inspector_address_goes_to_the_test_output_and_a_passing_test_leaves_no_report()
    {
        var fake = fixture.Fake;

        var output = TestContext.Current.TestOutputHelper!.Output;
        var address = await fake.StartInspectorAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"DeepLead fake inspector: {address}", output, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", address.AbsoluteUri, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Contains("DeepLead fake inspector", await http.GetStringAsync(address, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>Where a test class calls it: the test passed, so nothing is written.</summary>
    public ValueTask DisposeAsync()
    {
        Assert.Equal(TestResult.Passed, TestContext.Current.TestState?.Result);
        Assert.Null(fixture.WriteInspectorReportIfFailed());
        Assert.False(Directory.Exists(InspectedFake.ReportFolder));
        return ValueTask.CompletedTask;
    }
}
