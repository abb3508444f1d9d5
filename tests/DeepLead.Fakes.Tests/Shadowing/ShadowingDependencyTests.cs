using System.Reflection;
using NetArchTest.Rules;

namespace DeepLead.Fakes.Tests.Shadowing;

/// <summary>
/// Shadowing talks to fakes over HTTP and uses the engine's public types only, so the engine can change under it
/// (docs/is-the-fake-right.md). Both checks are shown able to fail: the namespaces and internal types they forbid exist
/// and something else in the engine uses them.
/// </summary>
public sealed class ShadowingDependencyTests
{
    private static readonly Assembly Engine = typeof(DeepLeadFake).Assembly;

    private const string Shadowing = "DeepLead.Fakes.Shadowing";

    private static readonly string[] EngineFolders =
        [.. new[] { "Storage", "Endpoints", "Router", "Pipeline", "Transports", "Rendering", "Rules", "Journal", "Coverage", "Logging", "Scenarios", "Outcomes", "Protocol", "World" }
            .Select(folder => "DeepLead.Fakes." + folder)];

    /// <summary>The engine's internal types in its root namespace (FakeWorld, AccountState, ...).</summary>
    private static string[] InternalRootTypes() =>
        [.. Engine.GetTypes().Where(t => t.Namespace == "DeepLead.Fakes" && !t.IsNested && !t.IsPublic).Select(t => t.FullName!)];

    [Fact]
    public void Shadowing_uses_no_engine_folder_and_no_internal_type_of_the_root()
    {
        var forbidden = EngineFolders.Concat(InternalRootTypes()).ToArray();

        var result = Types.InAssembly(Engine).That().ResideInNamespace(Shadowing).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"Shadowing depends on engine internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rule_can_fail_every_forbidden_name_exists_and_is_used_elsewhere()
    {
        Assert.NotEmpty(InternalRootTypes());
        foreach (var name in EngineFolders.Append(InternalRootTypes()[0]))
        {
            var users = Types.InAssembly(Engine).That().DoNotResideInNamespace(Shadowing).And().HaveDependencyOn(name).GetTypes();
            Assert.True(users.Any(), $"nothing depends on {name}: forbidding it checks nothing");
        }
        Assert.NotEmpty(Types.InAssembly(Engine).That().ResideInNamespace(Shadowing).GetTypes());
    }
}
