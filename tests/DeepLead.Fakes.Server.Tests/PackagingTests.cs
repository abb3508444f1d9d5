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
        foreach (var project in new[] { "src/DeepLead.Fakes/DeepLead.Fakes.csproj", "src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj" })
        {
            await RunAsync("dotnet", ["pack", Path.Combine(repository, project), "--no-build", "-c", configuration, "-o", Packages, "-nologo"]);
        }
        var config = Path.Combine(Directory, "nuget.config");
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", Packages))))).Save(config);
        await RunAsync("dotnet", ["tool", "install", "--tool-path", ToolPath, "--configfile", config, "--ignore-failed-sources", "DeepLead.Fakes.Server", "--version", Version]);
    }

    private async Task RunAsync(string fileName, string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NUGET_PACKAGES"] = Path.Combine(Directory, "nuget-cache");
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
    public void Pack_puts_the_library_and_the_stub_as_a_dotnet_tool_in_one_folder()
    {
        Assert.Equal(
            [$"DeepLead.Fakes.{tool.Version}.nupkg", $"DeepLead.Fakes.Server.{tool.Version}.nupkg"],
            System.IO.Directory.GetFiles(tool.Packages, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"DeepLead.Fakes.Server.{tool.Version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry("DeepLead.Fakes.Server.nuspec")!.Open());
        Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
        var settings = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)).Open());
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal("deeplead-fake", (string?)command.Attribute("Name"));
        Assert.Equal("DeepLead.Fakes.Server.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Contains(package.Entries, e => e.FullName.EndsWith("/DeepLead.Fakes.dll", StringComparison.Ordinal));
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
