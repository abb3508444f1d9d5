using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DeepLead.Fakes.Server.Tests;

/// <summary>
/// <c>dotnet pack packages.slnf</c> (every package, one pass) into one folder, then <c>dotnet tool install</c> from that
/// folder into a temporary tool path, done once for the class: the installed <c>deeplead-fake</c> must run like the
/// built stub, and a consumer project must restore and build against the library packages.
/// Offline: installs and restores see only the local folder (and the machine's already-restored packages), and their own
/// NuGet cache, so no stale package can stand in.
/// </summary>
public sealed partial class PackedTool : IAsyncLifetime
{
    /// <summary>
    /// A hang detector, not a performance bound: one pack precompiles the stub for its platforms, which took over
    /// 5 minutes on 2 cores at load average 20 (other builds running). Packing time is not what these tests check.
    /// </summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(15);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "deeplead-pack-test-" + Guid.NewGuid().ToString("N"));
    public string Packages => Path.Combine(Directory, "packages");
    public string ToolPath => Path.Combine(Directory, "tools");
    public string Command => Path.Combine(ToolPath, "deeplead-fake");

    /// <summary>The stub's package version (its pointer and platform packages share it).</summary>
    public string Version => Versions["DeepLead.Fakes.Server"];

    /// <summary>Each packed package's version, by id, read from the file names the pack wrote.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; private set; } = new Dictionary<string, string>();

    /// <summary>When the pack ran (UTC), to tell a per-pack version stamp from a fixed one.</summary>
    public (DateTime Start, DateTime End) PackedAt { get; private set; }

    /// <summary>Where the shim finds the runtime: the one running these tests.</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string Metadata(string key) =>
        typeof(PackedTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The repository this run was built from.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The public repository the packages name (src/Directory.Build.props).</summary>
    public static string RepositoryUrl => Metadata("DeepLeadRepositoryUrl");

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var repository = RepositoryRoot;
        var configuration = Metadata("BuildConfiguration");
        // One pack of every package, as the docs tell a consumer to do it. It builds what it packs (incrementally; the
        // stub's platform packages build and precompile their own outputs) and restores from the machine's usual NuGet
        // cache; only the installs and restores below are kept apart from it. No version given: the stamped default.
        var start = DateTime.UtcNow;
        // Through the documented pack command (scripts/pack.sh), local mode: the stamped version, this run's configuration.
        await RunAsync("bash", [Path.Combine(repository, "scripts", "pack.sh"), "--configuration", configuration, "--output", Packages], isolatedCache: false);
        PackedAt = (start, DateTime.UtcNow);
        Versions = System.IO.Directory.GetFiles(Packages, "*.nupkg")
            .Select(path => PackageFileName().Match(Path.GetFileName(path)))
            .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["version"].Value, StringComparer.Ordinal);
        await RunAsync("dotnet", ["tool", "install", "--tool-path", ToolPath, "--configfile", WriteNuGetConfig(Directory, includeMachinePackages: false), "--ignore-failed-sources", "DeepLead.Fakes.Server", "--version", Version]);
    }

    [GeneratedRegex(@"^(?<id>.+?)\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PackageFileName();

    /// <summary>
    /// A nuget.config with the packed folder as the only online-free source, plus (for a consumer's third-party
    /// dependencies) the machine's global packages folder, which NuGet reads as a local feed.
    /// </summary>
    public string WriteNuGetConfig(string directory, bool includeMachinePackages)
    {
        var sources = new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", Packages)));
        if (includeMachinePackages)
        {
            var machine = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            sources.Add(new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machine)));
        }
        var path = Path.Combine(directory, "nuget.config");
        new XDocument(new XElement("configuration", sources)).Save(path);
        return path;
    }

    public async Task<string> RunInAsync(string workingDirectory, string fileName, params string[] args) =>
        await RunAsync(fileName, args, isolatedCache: true, workingDirectory);

    private async Task<string> RunAsync(string fileName, string[] args, bool isolatedCache = true, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Directory };
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
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Left running, a stuck pack would hold the machine for every test after it.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {CommandTimeout.TotalMinutes} minutes (killed):\n{await stdout}\n{await stderr}");
        }
        var output = await stdout + "\n" + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }
        return output;
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
    public void One_pack_puts_every_package_and_the_stubs_platform_packages_in_one_folder()
    {
        Assert.Equal(
            [
                "DeepLead.Fakes",
                "DeepLead.Fakes.Client",
                "DeepLead.Fakes.Contract",
                "DeepLead.Fakes.NUnit",
                "DeepLead.Fakes.Server",
                "DeepLead.Fakes.Server.any",
                "DeepLead.Fakes.Server.linux-x64",
                "DeepLead.Fakes.Shadowing",
                "DeepLead.Fakes.Testcontainers",
                "DeepLead.Fakes.Xunit",
                "DeepLead.Fakes.Xunit.V2",
            ],
            tool.Versions.Keys.Order(StringComparer.Ordinal));
        // The stub's pointer and platform packages must agree: the install looks the platform package up by its version.
        Assert.Equal([tool.Version], tool.Versions.Where(p => p.Key.StartsWith("DeepLead.Fakes.Server", StringComparison.Ordinal)).Select(p => p.Value).Distinct());
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

    [Fact]
    public void Every_package_gets_a_version_stamped_at_pack_time()
    {
        Assert.All(tool.Versions, package =>
        {
            var match = Regex.Match(package.Value, @"^0\.1\.0-local\.(?<stamp>\d{14})$");
            Assert.True(match.Success, $"{package.Key} {package.Value}");
            var stamp = DateTime.ParseExact(match.Groups["stamp"].Value, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            // Stamped during this pack, so the next pack gets a new version and no NuGet cache serves a stale package.
            Assert.InRange(stamp, tool.PackedAt.Start.AddTicks(-(tool.PackedAt.Start.Ticks % TimeSpan.TicksPerSecond)), tool.PackedAt.End);
        });
    }

    [Fact]
    public void The_library_package_carries_the_scenario_schema_as_a_file()
    {
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"DeepLead.Fakes.{tool.Versions["DeepLead.Fakes"]}.nupkg"));
        using var reader = new StreamReader(package.GetEntry("schemas/scenario.schema.json")!.Open());

        Assert.Equal(ScenarioSchema.Json, reader.ReadToEnd());
    }

    [Fact]
    public async Task The_installed_tool_writes_the_scenario_schema_to_stdout()
    {
        await using var stub = StubProcess.StartExecutable(tool.Command, Environment, "schema");

        Assert.Equal(0, await stub.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(ScenarioSchema.Json.ReplaceLineEndings("\n").TrimEnd(), stub.Output.TrimEnd());
        Assert.Equal("", stub.Errors);
    }

    [Fact]
    public async Task A_consumer_referencing_every_library_package_restores_and_builds_with_warnings_as_errors_and_no_NoWarn()
    {
        var consumer = Path.Combine(tool.Directory, "consumer");
        System.IO.Directory.CreateDirectory(consumer);
        string[] libraries = ["DeepLead.Fakes", "DeepLead.Fakes.Contract", "DeepLead.Fakes.Xunit", "DeepLead.Fakes.Xunit.V2", "DeepLead.Fakes.NUnit", "DeepLead.Fakes.Shadowing", "DeepLead.Fakes.Client", "DeepLead.Fakes.Testcontainers"];
        await WriteConsumerProjectAsync(consumer, "Consumer", libraries);
        // Uses one type from each package, so a missing or unloadable assembly fails the build, not just the restore.
        await File.WriteAllTextAsync(Path.Combine(consumer, "Uses.cs"), """
            namespace Consumer;

            public static class Uses
            {
                public static IReadOnlyList<string> Types() =>
                [
                    typeof(DeepLead.Fakes.DeepLeadFake).FullName!,
                    DeepLead.Fakes.Contract.DeepLeadContract.Default.OpenApiVersion,
                    typeof(DeepLead.Fakes.Xunit.DeepLeadFakeFixture).FullName!,
                    typeof(DeepLead.Fakes.Xunit.V2.DeepLeadFakeFixture).FullName!,
                    typeof(DeepLead.Fakes.NUnit.DeepLeadTenantFixture).FullName!,
                    typeof(DeepLead.Fakes.Testcontainers.DeepLeadFakeBuilder).FullName!,
                    typeof(DeepLead.Fakes.ScenarioSchema).FullName!,
                    typeof(DeepLead.Fakes.Shadowing.DeepLeadShadow).FullName!,
                    typeof(DeepLead.Fakes.DeepLeadStubClient).FullName!,
                ];
            }
            """, Ct);
        tool.WriteNuGetConfig(consumer, includeMachinePackages: true);

        var output = await tool.RunInAsync(consumer, "dotnet", "build", "-nologo", "-v", "q");

        Assert.DoesNotMatch(@": warning [A-Z]+[0-9]+", output);
        Assert.Contains("0 Warning(s)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", "net10.0", "Consumer.dll")), output);
        var assets = await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json"), Ct);
        // The Humanizer graph is consistent (the language packs moved to 3.x with the core): the NU1608 source is gone.
        Assert.DoesNotContain("Humanizer.Core.af/2.14.1", assets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_of_the_stub_client_restores_nothing_but_the_client()
    {
        var consumer = Path.Combine(tool.Directory, "client-consumer");
        System.IO.Directory.CreateDirectory(consumer);
        await WriteConsumerProjectAsync(consumer, "ClientConsumer", ["DeepLead.Fakes.Client"]);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Uses.cs"), """
            namespace ClientConsumer;

            public static class Uses
            {
                public static Uri Api() => new DeepLead.Fakes.DeepLeadStubClient(new Uri("http://127.0.0.1:1"), adminToken: null).ApiAddress;
            }
            """, Ct);
        tool.WriteNuGetConfig(consumer, includeMachinePackages: true);

        var output = await tool.RunInAsync(consumer, "dotnet", "build", "-nologo", "-v", "q");

        Assert.Contains("0 Warning(s)", output, StringComparison.Ordinal);
        // The whole restored closure is the client itself: no WireMock.Net, no ASP.NET Core, no other package.
        using var assets = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json"), Ct));
        Assert.Equal(
            [$"DeepLead.Fakes.Client/{tool.Versions["DeepLead.Fakes.Client"]}"],
            assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name));
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"DeepLead.Fakes.Client.{tool.Versions["DeepLead.Fakes.Client"]}.nupkg"));
        // No shared framework beyond .NET's own either (ASP.NET Core would come as a frameworkReference).
        var nuspec = XDocument.Load(package.GetEntry("DeepLead.Fakes.Client.nuspec")!.Open());
        Assert.DoesNotContain(nuspec.Descendants(), e => e.Name.LocalName is "dependency" or "frameworkReference");
        // And the assembly itself references nothing outside .NET's own System.* assemblies.
        using var dll = new MemoryStream();
        using (var entry = package.GetEntry("lib/net10.0/DeepLead.Fakes.Client.dll")!.Open())
        {
            await entry.CopyToAsync(dll, Ct);
        }
        dll.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(dll);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(name.StartsWith("System.", StringComparison.Ordinal) || name == "System", name));
    }

    public static TheoryData<string, string> LibraryPackages => new()
    {
        { "DeepLead.Fakes", "lib/net10.0/DeepLead.Fakes" },
        { "DeepLead.Fakes.Client", "lib/net10.0/DeepLead.Fakes.Client" },
        { "DeepLead.Fakes.Contract", "lib/net10.0/DeepLead.Fakes.Contract" },
        { "DeepLead.Fakes.NUnit", "lib/net10.0/DeepLead.Fakes.NUnit" },
        { "DeepLead.Fakes.Shadowing", "lib/net10.0/DeepLead.Fakes.Shadowing" },
        { "DeepLead.Fakes.Testcontainers", "lib/net10.0/DeepLead.Fakes.Testcontainers" },
        { "DeepLead.Fakes.Xunit", "lib/net10.0/DeepLead.Fakes.Xunit" },
        { "DeepLead.Fakes.Xunit.V2", "lib/net10.0/DeepLead.Fakes.Xunit.V2" },
        { "DeepLead.Fakes.Server.any", "tools/net10.0/any/DeepLead.Fakes.Server" },
        { "DeepLead.Fakes.Server.linux-x64", "tools/net10.0/linux-x64/DeepLead.Fakes.Server" },
    };

    [Theory]
    [MemberData(nameof(LibraryPackages))]
    public void Every_package_is_ready_to_publish_with_symbols_source_link_metadata_and_the_changelog(string id, string assembly)
    {
        var version = tool.Versions[id];
        using var package = ZipFile.OpenRead(Path.Combine(tool.Packages, $"{id}.{version}.nupkg"));
        var metadata = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Meta(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");

        // Repository and project metadata: the public repository, and the commit the package was built from.
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(PackedTool.RepositoryUrl, (string?)repository.Attribute("url"));
        var commit = (string?)repository.Attribute("commit");
        Assert.Matches("^[0-9a-f]{40}$", commit);
        Assert.Equal(PackedTool.RepositoryUrl, Meta("projectUrl"));
        Assert.Equal("MIT", Meta("license"));
        Assert.Equal("README.md", Meta("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Meta("description")));
        // The changelog travels in the package, and the release notes point at it.
        Assert.Contains("CHANGELOG.md", Meta("releaseNotes"), StringComparison.Ordinal);
        using (var changelog = new StreamReader(package.GetEntry("CHANGELOG.md")!.Open()))
        {
            Assert.StartsWith("# Changelog", changelog.ReadToEnd(), StringComparison.Ordinal);
        }
        Assert.Contains(package.Entries, e => e.FullName == assembly + ".dll");

        // Symbols: a .snupkg beside it with the assembly's portable PDB, and in the PDB the SDK's Source Link map from
        // the sources to that commit of the public repository.
        using var symbols = ZipFile.OpenRead(Path.Combine(tool.Packages, $"{id}.{version}.snupkg"));
        var pdb = symbols.GetEntry(assembly + ".pdb");
        Assert.NotNull(pdb);
        using var pdbBytes = new MemoryStream();
        using (var entry = pdb.Open())
        {
            entry.CopyTo(pdbBytes);
        }
        pdbBytes.Position = 0;
        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(pdbBytes);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        Assert.Contains($"https://raw.githubusercontent.com/{new Uri(PackedTool.RepositoryUrl).AbsolutePath.Trim('/')}/{commit}/*", sourceLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_packable_project_validates_its_package()
    {
        using var filter = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(PackedTool.RepositoryRoot, "packages.slnf"), Ct));
        var projects = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(9, projects.Count);
        foreach (var project in projects)
        {
            var output = await tool.RunInAsync(PackedTool.RepositoryRoot, "dotnet", "msbuild", project, "-getProperty:EnablePackageValidation", "-getProperty:IncludeSymbols", "-getProperty:SymbolPackageFormat", "-nologo");
            // The SDK switches validation off for .NET tools (a tool has no API to keep compatible); every library validates.
            var validates = project.EndsWith("DeepLead.Fakes.Server.csproj", StringComparison.Ordinal) ? "false" : "true";
            Assert.Contains($"\"EnablePackageValidation\": \"{validates}\"", output, StringComparison.Ordinal);
            Assert.Contains("\"IncludeSymbols\": \"true\"", output, StringComparison.Ordinal);
            Assert.Contains("\"SymbolPackageFormat\": \"snupkg\"", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_release_command_refuses_a_version_the_changelog_does_not_describe()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            tool.RunInAsync(PackedTool.RepositoryRoot, "bash", Path.Combine(PackedTool.RepositoryRoot, "scripts", "pack.sh"), "--version", "99.0.0-never", "--output", Path.Combine(tool.Directory, "never")));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("CHANGELOG.md has no '## [99.0.0-never]' section", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(Path.Combine(tool.Directory, "never")));
    }

    /// <summary>A consumer's project file with nothing but PackageReferences to these packages: the target for every package.</summary>
    private Task WriteConsumerProjectAsync(string directory, string name, IEnumerable<string> packageIds) =>
        File.WriteAllTextAsync(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", packageIds.Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{tool.Versions[id]}\" />"))}
              </ItemGroup>
            </Project>
            """, Ct);

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
