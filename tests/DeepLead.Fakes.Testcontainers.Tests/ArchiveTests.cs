namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// The self-contained archive on a machine without .NET: samples/shell/ci-step.sh unpacks it and runs DeepLead's curl
/// example with a PATH that has no <c>dotnet</c> and no .NET variables. (No Docker needed.)
/// </summary>
public sealed class ArchiveTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("deeplead-no-dotnet-");

    [Fact]
    public async Task The_archive_runs_the_documented_curl_example_with_no_dotnet_on_the_PATH()
    {
        var archive = await StubImage.GetArchiveAsync();
        Assert.Matches(@"deeplead-fake-[0-9][^/]*-linux-x64\.tar\.gz$", archive);
        Assert.True(File.Exists(archive + ".sha256"), "the checksum file sits beside the archive");

        // A PATH holding every command of /usr/bin and /bin but dotnet.
        foreach (var file in Directory.EnumerateFiles("/usr/bin").Concat(Directory.EnumerateFiles("/bin")))
        {
            var link = Path.Combine(_bin.FullName, Path.GetFileName(file));
            if (Path.GetFileName(file) != "dotnet" && !File.Exists(link) && !Directory.Exists(link))
            {
                File.CreateSymbolicLink(link, file);
            }
        }
        var environment = new Dictionary<string, string?> { ["PATH"] = _bin.FullName };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("DOTNET_", StringComparison.Ordinal) || n.StartsWith("DEEPLEAD_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }
        var (found, which) = await DockerEnvironment.RunAsync("/bin/bash", ["-c", "command -v dotnet"], environment: environment);
        Assert.True(found != 0, $"dotnet is still on the test's PATH: {which}");

        var (exitCode, run) = await DockerEnvironment.RunAsync("/bin/bash",
            [Path.Combine(DockerEnvironment.RepositoryRoot, "samples", "shell", "ci-step.sh"), archive], environment: environment, timeout: TimeSpan.FromMinutes(2));
        output.WriteLine(run);

        Assert.True(exitCode == 0, run);
        Assert.Contains("\"emailAddress\":\"sales@company.com\",\"success\":true", run, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"API Pool - 2024-01-15\",\"inboxCount\":1", run, StringComparison.Ordinal);
        Assert.Contains("stub stopped: exit code 0", run, StringComparison.Ordinal);
    }

    public void Dispose() => _bin.Delete(recursive: true);
}
