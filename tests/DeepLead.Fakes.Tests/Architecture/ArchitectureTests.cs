using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace DeepLead.Fakes.Tests.Architecture;

/// <summary>
/// The engine's folder graph (docs/architecture.md), enforced on the compiled assembly by the folder each type's source
/// file is in (its namespace may say <c>DeepLead.Fakes</c> for users): one ordered list of layers, lowest first; a folder
/// may use only folders of lower layers, never a peer of its own layer nor anything above, so no cycle can form.
/// Every rule is shown to fail on an assembly compiled here with a planted violation of each kind.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The layers, lowest first. Folders of one layer are peers: neither may use the other.</summary>
    public static readonly IReadOnlyList<string[]> Layers =
    [
        ["OpenApi"],                                                  // the contract document and embedded text
        ["World"],                                                    // settings, variants, definitions, the clock: plain data
        ["Protocol"],                                                 // request, response, fault, warnings, redaction
        ["Storage"],                                                  // the store and its indexes
        ["Outcomes"],                                                 // typed outcomes and the exchange
        ["Rules"],                                                    // decisions from the request alone
        ["Endpoints", "Rendering"],                                   // the endpoints; the only writer of API JSON
        ["Router"],                                                   // method + path → route; hints for unknown ones
        ["Exchange"],                                                 // one call as observers see it, and its trace
        ["Pipeline"],
        ["Journal", "Coverage", "Logging"],                           // observers (the journal explains its calls)
        ["Verify"],                                                   // the journal as a test reads it, verification
        ["Transports"],
        ["Scenarios"],                                                // files and code options to a world description
        ["Options"],                                                  // DeepLeadFakeOptions and variants: code as the last layer
        ["Composition"],                                              // FakeWorld: the world built from it
        ["Admin"],                                                    // the public admin seam
        ["Inspector"],                                                // the inspector page, its data and report, over the admin seam
        [FolderGraph.RootFolder],                                     // DeepLeadFake, DeepLeadTenant: the facade
        ["Http"],                                                     // IHttpClientFactory extensions over the facade
    ];

    private static readonly Lazy<FolderGraph> Engine = new(() =>
    {
        var dll = typeof(DeepLeadFake).Assembly.Location;
        using var assembly = File.OpenRead(dll);
        using var pdb = File.OpenRead(Path.ChangeExtension(dll, ".pdb"));
        return FolderGraph.Read(assembly, pdb, "src/DeepLead.Fakes/");
    });

    /// <summary>Every rule broken in <paramref name="graph"/>, one line each.</summary>
    internal static IReadOnlyList<string> Violations(FolderGraph graph, IReadOnlyList<string[]> layers)
    {
        var layerOf = layers.SelectMany((folders, index) => folders.Select(f => (f, index))).ToDictionary(p => p.f, p => p.index, StringComparer.Ordinal);
        var violations = new List<string>(graph.Problems.Select(p => "unplaced type: " + p));
        violations.AddRange(graph.FolderOfType.Values.Distinct().Where(f => !layerOf.ContainsKey(f)).Order(StringComparer.Ordinal)
            .Select(f => $"ungoverned folder: {f} is in no layer"));
        foreach (var edge in graph.Edges.Where(e => layerOf.ContainsKey(e.FromFolder) && layerOf.ContainsKey(e.ToFolder)))
        {
            var (from, to) = (layerOf[edge.FromFolder], layerOf[edge.ToFolder]);
            if (to > from)
            {
                violations.Add($"upward: {edge}");
            }
            else if (to == from)
            {
                violations.Add($"peer: {edge}");
            }
        }
        return violations;
    }

    [Fact]
    public void Every_engine_source_file_is_in_a_governed_folder_and_every_type_in_one_folder()
    {
        var governed = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var root = typeof(ArchitectureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var source = Path.Combine(root, "src", "DeepLead.Fakes");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Contains(file.Contains('/') ? file[..file.IndexOf('/')] : FolderGraph.RootFolder, governed));
        // The PDB names every file on disk: no file is compiled out of the graph's sight, none is left uncompiled.
        Assert.Equal(files.Order(StringComparer.Ordinal), Engine.Value.Files);
        Assert.Empty(Engine.Value.Problems);
    }

    [Fact]
    public void Every_layer_folder_exists_and_holds_types()
    {
        // A misspelt or emptied folder would make every rule about it pass without checking anything.
        var folders = Engine.Value.FolderOfType.Values.ToHashSet(StringComparer.Ordinal);
        Assert.All(Layers.SelectMany(l => l), folder => Assert.Contains(folder, folders));
    }

    [Fact]
    public void A_folder_uses_only_folders_of_lower_layers()
    {
        var violations = Violations(Engine.Value, Layers);

        Assert.True(violations.Count == 0, "The engine breaks its layering:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Only_the_renderer_writes_api_json()
    {
        var writerUsers = TypesUsing(typeof(System.Text.Json.Utf8JsonWriter));
        string[] mayNot = ["Protocol", "Outcomes", "Storage", "Endpoints", "Router", "Pipeline", "Rules", "Transports"];

        Assert.DoesNotContain(writerUsers, t => mayNot.Contains(Engine.Value.FolderOfType[t.FullName!.Replace('+', '/')]));
        Assert.Contains(writerUsers, t => Engine.Value.FolderOfType[t.FullName!.Replace('+', '/')] == "Rendering");
    }

    [Fact]
    public void The_engine_never_writes_to_the_console()
    {
        // A library logs through the ILogger it is given: a line on the console would land in the output of every test
        // run and every stub's stderr (a timing line left in the scenario loader once did).
        var consoleUsers = TypesUsing(typeof(Console));

        Assert.True(consoleUsers.Count == 0, "Writes to the console: " + string.Join(", ", consoleUsers.Select(t => t.FullName)));
    }

    [Fact]
    public void Only_the_engines_own_tests_see_its_internals()
    {
        var friends = typeof(DeepLeadFake).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal);

        // The stub (DeepLead.Fakes.Server), Shadowing and the framework packages use the public API only.
        Assert.Equal(["DeepLead.Fakes.Benchmarks", "DeepLead.Fakes.Tests"], friends);
    }

    public static TheoryData<string, string, string> PlantedViolations => new()
    {
        // kind, a planted file set (path → code), what the rules must say
        { "upward", "Storage/Planted.cs|namespace P; class Low { object? High = new Pipeline.High(); }\nPipeline/High.cs|namespace P.Pipeline; class High { }", "upward: Storage → Pipeline" },
        { "peer", "Journal/Planted.cs|namespace P; class Observer { Coverage.Tracker? Peer; }\nCoverage/Tracker.cs|namespace P.Coverage; class Tracker { }", "peer: Journal → Coverage" },
        { "cycle", "Rules/A.cs|namespace P; class A { B? Up; }\nPipeline/B.cs|namespace P; class B { A? Down; }", "upward: Rules → Pipeline" },
        { "public type in the root namespace inside a folder", "Storage/Planted.cs|namespace DeepLead.Fakes; public class Stored { public Routed? R; }\nRouter/Routed.cs|namespace DeepLead.Fakes; public class Routed { }", "upward: Storage → Router" },
        { "method body only", "Protocol/Planted.cs|namespace P; class Request { void M() { System.Console.WriteLine(typeof(Endpoint)); } }\nEndpoints/Endpoint.cs|namespace P; class Endpoint { }", "upward: Protocol → Endpoints" },
        { "ungoverned folder", "Misc/Planted.cs|namespace P; class Stray { }\nWorld/Fine.cs|namespace P; class Fine { }", "ungoverned folder: Misc is in no layer" },
        { "type split across folders", "Storage/Part1.cs|namespace P; partial class Split { void A() { } }\nPipeline/Part2.cs|namespace P; partial class Split { void B() { } }", "unplaced type: P.Split: defined in files of several folders (Pipeline, Storage)" },
    };

    [Theory]
    [MemberData(nameof(PlantedViolations))]
    public void The_rules_fail_on_a_planted_violation(string kind, string files, string expected)
    {
        var graph = Compile(kind, files.Split('\n').Select(f => f.Split('|', 2)).Select(p => (p[0], p[1])));

        var violations = Violations(graph, Layers);

        Assert.Contains(violations, v => v.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_forbidden_edge_of_every_folder_is_caught_when_planted()
    {
        // For each governed folder, a use of each folder it may not use (a peer or anything above) is reported, and a
        // use of each folder below it is not: the list above is the whole rule set, generated edge by edge.
        var folders = Layers.SelectMany(l => l).Where(f => f != FolderGraph.RootFolder).ToList();
        var planted = new List<(string, string)>();
        foreach (var folder in folders)
        {
            planted.Add(($"{folder}/T.cs", $"namespace P.{folder}; class T {{ {string.Join(" ", folders.Where(f => f != folder).Select(f => $"P.{f}.T? Use{f};"))} }}"));
        }
        var graph = Compile("all edges", planted);
        var violations = Violations(graph, Layers).ToHashSet(StringComparer.Ordinal);
        var layerOf = Layers.SelectMany((l, i) => l.Select(f => (f, i))).ToDictionary(p => p.f, p => p.i);

        foreach (var from in folders)
        {
            foreach (var to in folders.Where(f => f != from))
            {
                var reported = violations.Any(v => v.Contains($": {from} → {to} (", StringComparison.Ordinal));
                Assert.True(reported == (layerOf[to] >= layerOf[from]), $"{from} → {to}: reported {reported}");
            }
        }
    }

    private static IReadOnlyList<Type> TypesUsing(Type used)
    {
        var dll = typeof(DeepLeadFake).Assembly.Location;
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(dll);
        return [.. module.GetTypes()
            .Where(t => !t.Name.StartsWith('<') && Engine.Value.FolderOfType.ContainsKey(t.FullName) && UsesType(t, used.FullName!))
            .Select(t => typeof(DeepLeadFake).Assembly.GetType(t.FullName.Replace('/', '+'))!)
            .Where(t => t is not null)];
    }

    private static bool UsesType(Mono.Cecil.TypeDefinition type, string fullName) =>
        type.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions).Any(i => i.Operand switch
        {
            Mono.Cecil.MethodReference method => method.DeclaringType.FullName == fullName,
            Mono.Cecil.TypeReference reference => reference.FullName == fullName,
            _ => false,
        })
        || type.NestedTypes.Any(n => UsesType(n, fullName));

    /// <summary>Compiles files at <c>src/DeepLead.Fakes/&lt;path&gt;</c> with a portable PDB and reads its folder graph.</summary>
    private static FolderGraph Compile(string name, IEnumerable<(string Path, string Code)> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Code, path: "/repo/src/DeepLead.Fakes/" + f.Path, encoding: System.Text.Encoding.UTF8));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Console.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Planted_" + name.Replace(' ', '_'), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(assembly, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return FolderGraph.Read(assembly, pdb, "src/DeepLead.Fakes/");
    }
}
