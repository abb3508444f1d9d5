using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepLead.Fakes.Docs.Tests;

/// <summary>
/// Every C# snippet in the docs (README.md, docs/*.md, each package's README) compiles, as pasted, against the
/// packages' own assemblies and the test framework it is written for: no helper types from this repository.
/// A fence <c>```csharp</c> is xUnit v3, NUnit or plain code; <c>```csharp xunit2</c> is xunit 2. A snippet with
/// top-level statements compiles as a program; one with only declarations as a library.
/// </summary>
public sealed partial class SnippetTests
{
    private static string Metadata(string key) =>
        typeof(SnippetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly string Root = Metadata("RepositoryRoot");

    // A fence may be indented (inside a list item): the code is taken with that indentation removed.
    [GeneratedRegex(@"^(?<indent>[ \t]*)```csharp(?<flavour>[^\n]*)\n(?<code>.*?)^\k<indent>```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    public sealed record Snippet(string File, int Line, string Flavour, string Code)
    {
        public override string ToString() => $"{File}:{Line}";
    }

    public static IEnumerable<string> DocumentFiles() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.Exists(Path.Combine(Root, "docs")) ? Directory.GetFiles(Path.Combine(Root, "docs"), "*.md") : [])
            .Concat(Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists))
            .Order(StringComparer.Ordinal);

    public static IReadOnlyList<Snippet> All() =>
    [
        .. DocumentFiles().SelectMany(path =>
        {
            var text = File.ReadAllText(path).ReplaceLineEndings("\n");
            return Fence().Matches(text).Select(m => new Snippet(
                Path.GetRelativePath(Root, path), text[..m.Index].Count(c => c == '\n') + 1, m.Groups["flavour"].Value.Trim(),
                Dedent(m.Groups["code"].Value, m.Groups["indent"].Value.Length)));
        }),
    ];

    private static string Dedent(string code, int indent) => indent == 0
        ? code
        : string.Join('\n', code.Split('\n').Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()));

    public static TheoryData<string> SnippetNames() => [.. All().Select(s => s.ToString())];

    [Theory]
    [MemberData(nameof(SnippetNames))]
    public void Compiles_as_pasted(string name)
    {
        var snippet = All().Single(s => s.ToString() == name);

        var errors = Compile(snippet);

        Assert.True(errors.Count == 0, $"{snippet} does not compile:\n{string.Join('\n', errors)}\n---\n{snippet.Code}");
    }

    [Fact]
    public void The_docs_have_snippets_from_every_package_readme()
    {
        var files = All().Select(s => s.File).ToHashSet(StringComparer.Ordinal);

        foreach (var package in new[] { "DeepLead.Fakes", "DeepLead.Fakes.Contract", "DeepLead.Fakes.Xunit", "DeepLead.Fakes.Xunit.V2", "DeepLead.Fakes.NUnit", "DeepLead.Fakes.Testcontainers" })
        {
            Assert.Contains(Path.Combine("src", package, "README.md"), files);
        }
    }

    [Fact]
    public void No_snippet_uses_the_samples_client()
    {
        Assert.DoesNotContain(All(), s => s.Code.Contains("Samples.Client", StringComparison.Ordinal));
    }

    private static List<string> Compile(Snippet snippet)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(snippet.Code, parse, snippet.ToString());
        var program = tree.GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree, CSharpSyntaxTree.ParseText(DeepLead.Fakes.Tests.Shared.CompilationDefaults.ImplicitUsings, parse, "ImplicitUsings.cs")],
            References(snippet.Flavour),
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
    }

    private static IEnumerable<MetadataReference> References(string flavour)
    {
        // The shared frameworks a consumer's test project has: .NET and ASP.NET Core (which DeepLead.Fakes references).
        var framework = Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!, "*.dll"));
        var packages = flavour switch
        {
            "xunit2" => Directory.GetFiles(Metadata("XunitV2Output"), "*.dll"),
            "" => Directory.GetFiles(AppContext.BaseDirectory, "*.dll"),
            _ => throw new InvalidOperationException($"Unknown snippet flavour '{flavour}': use ```csharp or ```csharp xunit2."),
        };
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in packages.Concat(framework))
        {
            // Native or duplicate files are not references.
            if (names.Add(Path.GetFileName(path)) && IsManaged(path))
            {
                yield return MetadataReference.CreateFromFile(path);
            }
        }
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
