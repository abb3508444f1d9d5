namespace DeepLead.Fakes.Testcontainers.Tests;

/// <summary>
/// The stub's image, built once per test run from the repository's Dockerfile exactly as a user builds it
/// (<c>docker build -t NAME .</c>), from the self-contained publish that scripts/build-stub-archive.sh made (CI makes it
/// once per run, before the tests). A publish older than the sources is made again here first, so a test never runs
/// yesterday's stub.
/// </summary>
internal static class StubImage
{
    public const string Name = "deeplead-fake:test";

    private const string Rid = "linux-x64";

    private static readonly Lazy<Task<Artifacts>> Prepared = new(PrepareAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public sealed record Artifacts(string Image, string Archive, long ImageSize);

    public static Task<Artifacts> GetAsync() => Prepared.Value;

    /// <summary>The stub's self-contained publish and its archive, up to date with the sources (no Docker needed).</summary>
    public static Task<string> GetArchiveAsync() => PublishedArchive.Value;

    private static readonly Lazy<Task<string>> PublishedArchive = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static async Task<Artifacts> PrepareAsync()
    {
        await DockerEnvironment.RequireDockerAsync();
        var archive = await GetArchiveAsync();
        var (exitCode, output) = await DockerEnvironment.RunAsync("docker", ["build", "-t", Name, "."], timeout: TimeSpan.FromMinutes(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"docker build -t {Name} . failed ({exitCode}). Where no registry is reachable, the base image debian:bookworm-slim is made locally: {DockerEnvironment.Setup}.\n{output}");
        }
        var size = long.Parse(await DockerEnvironment.DockerAsync("image", "inspect", "--format", "{{.Size}}", Name), System.Globalization.CultureInfo.InvariantCulture);
        return new Artifacts(Name, archive, size);
    }

    private static async Task<string> PublishAsync()
    {
        var root = DockerEnvironment.RepositoryRoot;
        var stamp = Path.Combine(root, "artifacts", "stub", Rid + ".published");
        if (!IsFresh(root, stamp))
        {
            var (exitCode, output) = await DockerEnvironment.RunAsync("bash", [Path.Combine(root, "scripts", "build-stub-archive.sh"), "--rid", Rid], timeout: TimeSpan.FromMinutes(15));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"scripts/build-stub-archive.sh failed ({exitCode}):\n{output}");
            }
        }
        var archive = Path.Combine(root, File.ReadAllText(stamp).Trim());
        Assert.True(File.Exists(archive), $"{stamp} names {archive}, which is missing.");
        return archive;
    }

    /// <summary>The publish exists and is newer than every file it is built from.</summary>
    private static bool IsFresh(string root, string stamp)
    {
        if (!File.Exists(stamp) || !File.Exists(Path.Combine(root, File.ReadAllText(stamp).Trim())))
        {
            return false;
        }
        var published = File.GetLastWriteTimeUtc(stamp);
        string[] folders = ["src/DeepLead.Fakes", "src/DeepLead.Fakes.Server", "src/Shared", "scenarios"];
        string[] files = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "src/Directory.Build.props", "global.json", "scripts/build-stub-archive.sh"];
        var inputs = folders
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Concat(files.Select(f => Path.Combine(root, f)).Where(File.Exists));
        return inputs.All(f => File.GetLastWriteTimeUtc(f) <= published);
    }
}
