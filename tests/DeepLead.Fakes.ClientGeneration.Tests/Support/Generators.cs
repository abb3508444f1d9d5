using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepLead.Fakes.ClientGeneration.Tests.Support;

/// <summary>The generators as a consumer runs them (the repository's tool manifest), and an in-memory compiler for their output.</summary>
internal static class Generators
{
    public static string RepositoryRoot { get; } = typeof(Generators).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly Lazy<Task> ToolsRestored = new(() => RunAsync("dotnet", ["tool", "restore"], RepositoryRoot), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary><c>dotnet tool restore</c> once per run (a no-op when the manifest's tools are already there), then the tool.</summary>
    public static async Task<string> RunToolAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await ToolsRestored.Value;
        return await RunAsync("dotnet", arguments, RepositoryRoot, environment);
    }

    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        }
        return output;
    }

    /// <summary>Compiles the sources (generated client plus a driver) against this process's assemblies; errors fail with their text.</summary>
    public static Assembly Compile(string name, IEnumerable<(string Path, string Text)> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NET", "NET10_0_OR_GREATER", "NETCOREAPP", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER"]);
        var trees = sources.Append((Path: "ImplicitUsings.cs", Text: DeepLead.Fakes.Tests.Shared.CompilationDefaults.ImplicitUsings)).Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Generators).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(name, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emitted.Success)
        {
            throw new InvalidOperationException($"The generated client does not compile ({errors.Count} errors):\n{string.Join('\n', errors.Take(20))}");
        }
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }

    public static string Driver(string fileName)
    {
        using var stream = typeof(Generators).Assembly.GetManifestResourceStream("Drivers." + fileName)
            ?? throw new InvalidOperationException($"No embedded driver {fileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IEnumerable<(string Path, string Text)> SourcesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path => (path, File.ReadAllText(path)));
}
