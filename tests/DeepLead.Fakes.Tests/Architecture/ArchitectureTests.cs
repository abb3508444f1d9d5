using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace DeepLead.Fakes.Tests.Architecture;

/// <summary>
/// The engine's folder graph (docs/architecture.md), enforced on the compiled assembly:
/// Transports → Pipeline → Router → Endpoints → Storage, with Rendering the only writer of API JSON and Rules, Journal,
/// Coverage and Logging beside the pipeline, never reaching into endpoints. Each rule is also checked to be able to
/// fail: the forbidden namespaces exist and something in the engine does depend on them.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Engine = typeof(DeepLeadFake).Assembly;

    private const string Root = "DeepLead.Fakes.";

    private static string[] Namespaces(params string[] names) => [.. names.Select(n => Root + n)];

    public static TheoryData<string, string[]> ForbiddenDependencies => new()
    {
        { "Storage", Namespaces("Protocol", "Outcomes", "Rendering", "Endpoints", "Router", "Pipeline", "Transports", "Rules", "Journal", "Coverage", "Logging", "Scenarios", "World") },
        { "Endpoints", Namespaces("Router", "Pipeline", "Transports", "Rendering", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Router", Namespaces("Pipeline", "Transports", "Rendering", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Pipeline", Namespaces("Transports", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Transports", Namespaces("Endpoints", "Router", "Storage", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Rules", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Journal", "Coverage", "Logging") },
        { "Journal", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Scenarios") },
        { "Coverage", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Scenarios") },
        { "Logging", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Scenarios") },
        { "Rendering", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Outcomes", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "Protocol", Namespaces("Outcomes", "Storage", "Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Journal", "Coverage", "Logging", "Scenarios") },
        { "World", Namespaces("Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Journal", "Coverage", "Logging", "Scenarios") },
    };

    [Theory]
    [MemberData(nameof(ForbiddenDependencies))]
    public void A_folder_depends_only_on_the_layers_below_it(string folder, string[] forbidden)
    {
        var result = Types.InAssembly(Engine).That().ResideInNamespace(Root + folder).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{folder} depends on what it must not: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ForbiddenDependencies))]
    public void Every_forbidden_folder_exists_and_is_used_somewhere(string folder, string[] forbidden)
    {
        _ = folder;
        foreach (var name in forbidden)
        {
            // A misspelt or emptied namespace would make the rule above pass without checking anything.
            var users = Types.InAssembly(Engine).That().DoNotResideInNamespace(name).And().HaveDependencyOn(name).GetTypes();
            Assert.True(users.Any(), $"nothing depends on {name}: the rule forbidding it checks nothing");
        }
    }

    [Fact]
    public void Only_the_renderer_writes_api_json()
    {
        var result = Types.InAssembly(Engine).That()
            .ResideInNamespace(Root + "Protocol").Or().ResideInNamespace(Root + "Outcomes").Or().ResideInNamespace(Root + "Storage")
            .Or().ResideInNamespace(Root + "Endpoints").Or().ResideInNamespace(Root + "Router").Or().ResideInNamespace(Root + "Pipeline")
            .Or().ResideInNamespace(Root + "Rules").Or().ResideInNamespace(Root + "Transports")
            .ShouldNot().HaveDependencyOn("System.Text.Json.Utf8JsonWriter").GetResult();

        Assert.True(result.IsSuccessful, $"API JSON written outside Rendering: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.True(Types.InAssembly(Engine).That().ResideInNamespace(Root + "Rendering").And().HaveDependencyOn("System.Text.Json.Utf8JsonWriter").GetTypes().Any());
    }

    [Fact]
    public void Only_the_engines_own_tests_see_its_internals()
    {
        var friends = Engine.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal);

        // The stub (DeepLead.Fakes.Server) and the framework packages use the public API only.
        Assert.Equal(["DeepLead.Fakes.Benchmarks", "DeepLead.Fakes.Tests"], friends);
    }
}
