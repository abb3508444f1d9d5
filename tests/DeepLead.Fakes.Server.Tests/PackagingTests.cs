using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// <c>dotnet pack</c> of the library and the stub into one folder, then <c>dotnet tool install</c> from that folder into a
/// temporary tool path, done once for the class: the installed <c>deeplead-fake</c> must run like the built stub.
/// Offline: the install sees only the local folder, and its own NuGet cache, so no stale package can stand in.
/// </summary>
public sealed class PackedTool : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "deeplead-pack-test-" + Guid.NewGuid().ToString("N"));
    public string Packages => Path.Combine(Directory, "packages");
    public string ToolPath => Path.Combine(Directory, "tools");
    public string Command => Path.Combine(ToolPath, "deeplead-fake");
    public string Version { get; } = FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, "DeepLead.Fakes.Server.dll")).ProductVersion!;

    /// <summary>Where the tool's shim finds the runtime: the one running these tests.</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string Metadata(string key) =>
        typeof(PackedTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var repository = Metadata("RepositoryRoot");
        var configuration = Metadata("BuildConfiguration");
        await RunAsync("dotnet", ["pack", Path.Combine(repository, "src/DeepLead.Fakes/DeepLead.Fakes.csproj"), "--no-build", "-c", configuration, "-o", Packages, "-nologo"]);
        // Not --no-build: the RID-specific packages build (and precompile) their own linux-x64 and any outputs. It
        // restores from the machine's usual NuGet cache; only the install below is kept apart from it.
        await RunAsync("dotnet", ["pack", Path.Combine(repository, "src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj"), "-c", configuration, "-o", Packages, "-nologo"], isolatedCache: false);
        var config = Path.Combine(Directory, "nuget.config");
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", Packages))))).Save(config);
        await RunAsync("dotnet", ["tool", "install", "--tool-path", ToolPath, "--configfile", config, "--ignore-failed-sources", "DeepLead.Fakes.Server", "--version", Version]);
    }

    private async Task RunAsync(string fileName, string[] args, bool isolatedCache = true)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        if (isolatedCache)
        {
            info.Environment["NUGET_PACKAGES"] = Path.Combine(Directory, "nuget-cache");
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PackagingTests(PackedTool tool) : IClassFixture<PackedTool>
{
    private static CancellationToken Ct => StubProcess.Ct;

    private Dictionary<string, string> Environment => new() { ["DOTNET_ROOT"] = PackedTool.DotnetRoot };

    [Fact]
    public void Pack_puts_the_library_and_the_stub_as_a_dotnet_tool_with_its_platform_packages_in_one_folder()
    {
        Assert.Equal(
            [
                $"DeepLead.Fakes.{tool.Version}.nupkg",
                $"DeepLead.Fakes.Server.{tool.Version}.nupkg",
                $"DeepLead.Fakes.Server.any.{tool.Version}.nupkg",
                $"DeepLead.Fakes.Server.linux-x64.{tool.Version}.nupkg",
            ],
            System.IO.Directory.GetFiles(tool.Packages, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var pointer = ZipFile.OpenRead(Path.Combine(tool.Packages, $"DeepLead.Fakes.Server.{tool.Version}.nupkg"));
        Assert.Equal("DotnetTool", PackageType(pointer, "DeepLead.Fakes.Server"));
        var settings = ToolSettings(pointer);
        Assert.Equal("deeplead-fake", (string?)Assert.Single(settings.Descendants("Command")).Attribute("Name"));
        Assert.Equal(
            ["any", "linux-x64"],
            settings.Descendants("RuntimeIdentifierPackage").Select(p => (string)p.Attribute("RuntimeIdentifier")!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("linux-x64", "DeepLead.Fakes.Server", "executable")]
    [InlineData("any", "DeepLead.Fakes.Server.dll", "dotnet")]
    public void Each_platform_package_holds_the_whole_stub(string runtime, string entryPoint, string runner)
    {
        var id = $"DeepLead.Fakes.Server.{runtime}";
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"{id}.{tool.Version}.nupkg"));
        Assert.Equal("DotnetToolRidPackage", PackageType(package, id));
        var command = Assert.Single(ToolSettings(package).Descendants("Command"));
        Assert.Equal(("deeplead-fake", entryPoint, runner), ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint"), (string?)command.Attribute("Runner")));
        Assert.Contains(package.Entries, e => e.FullName == $"tools/net10.0/{runtime}/{entryPoint}");
        Assert.Contains(package.Entries, e => e.FullName == $"tools/net10.0/{runtime}/DeepLead.Fakes.dll");
    }

    [Fact]
    public void The_linux_x64_package_is_precompiled_and_the_any_package_is_not()
    {
        Assert.True(IsReadyToRun("linux-x64"), "linux-x64: DeepLead.Fakes.dll has no ReadyToRun code");
        Assert.False(IsReadyToRun("any"), "any: DeepLead.Fakes.dll has ReadyToRun code for one platform");
    }

    [Fact]
    public async Task The_portable_package_runs_on_the_shared_runtime()
    {
        // Where no platform package fits, `dotnet tool install` takes "any": it must run with plain `dotnet`.
        var unpacked = Path.Combine(tool.Directory, "any-unpacked");
        ZipFile.ExtractToDirectory(Path.Combine(tool.Packages, $"DeepLead.Fakes.Server.any.{tool.Version}.nupkg"), unpacked, overwriteFiles: true);
        await using var stub = StubProcess.StartExecutable("dotnet", Environment, Path.Combine(unpacked, "tools", "net10.0", "any", "DeepLead.Fakes.Server.dll"), "--version");

        Assert.Equal(0, await stub.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(tool.Version, stub.Output.Trim());
    }

    private static string? PackageType(ZipArchive package, string id) =>
        (string?)XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name");

    private static XDocument ToolSettings(ZipArchive package) =>
        XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)).Open());

    private bool IsReadyToRun(string runtime)
    {
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"DeepLead.Fakes.Server.{runtime}.{tool.Version}.nupkg"));
        using var stream = new MemoryStream();
        using (var entry = package.GetEntry($"tools/net10.0/{runtime}/DeepLead.Fakes.dll")!.Open())
        {
            entry.CopyTo(stream);
        }
        stream.Position = 0;
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        // A ReadyToRun image carries a managed native header (the ReadyToRun header); an IL-only one does not.
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    [Fact]
    public async Task The_installed_tool_prints_its_version()
    {
        await using var stub = StubProcess.StartExecutable(tool.Command, Environment, "--version");

        Assert.Equal(0, await stub.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(tool.Version, stub.Output.Trim());
    }

    [Fact]
    public async Task The_installed_tool_starts_serves_and_stops_on_sigterm()
    {
        await using var stub = StubProcess.StartExecutable(tool.Command, Environment, "--port", "0", "--scenario", "shipped:default");
        using var http = new StubHttp(await stub.WaitUntilReadyAsync());

        using var pools = await http.ApiAsync(HttpMethod.Get, "pools");
        using var health = await http.AdminAsync(HttpMethod.Get, "/__admin/health");

        Assert.Contains("Main Pool", await pools.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, await stub.StopAsync());
    }
}
