using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// samples/node, run as its README says (<c>npm ci</c>, <c>npm test</c>) against the image built for this run: npm
/// <c>testcontainers</c> starts the image and DeepLead's JavaScript example calls it with <c>fetch</c>.
/// </summary>
public sealed partial class NodeSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_node_sample_passes_against_the_image()
    {
        var artifacts = await StubImage.GetAsync();
        var sample = Path.Combine(DockerEnvironment.RepositoryRoot, "samples", "node");

        var (installed, install) = await DockerEnvironment.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], sample, timeout: TimeSpan.FromMinutes(5));
        Assert.True(installed == 0, $"npm ci failed ({installed}); the sample needs Node 20 or later and npm:\n{install}");

        // The Testcontainers variables this process set (DockerEnvironment) are inherited by npm and the tests.
        var (exitCode, run) = await DockerEnvironment.RunAsync("npm", ["test"], sample,
            new Dictionary<string, string?> { ["DEEPLEAD_FAKE_IMAGE"] = artifacts.Image }, TimeSpan.FromMinutes(5));
        output.WriteLine(run);

        Assert.True(exitCode == 0, run);
        // node's test runner summary: every test of the sample ran and passed.
        Assert.Equal("2", Summary().Match(run) is { Success: true } pass ? pass.Groups["pass"].Value : run);
        Assert.Matches(@"(?m)^# fail 0$", run);
    }

    [GeneratedRegex(@"(?m)^# pass (?<pass>\d+)$")]
    private static partial Regex Summary();
}
