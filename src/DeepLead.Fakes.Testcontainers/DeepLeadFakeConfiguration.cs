using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace DeepLead.Fakes.Testcontainers;

/// <summary>
/// The configuration of a <see cref="DeepLeadFakeContainer"/>: Testcontainers' container configuration plus the stub's
/// scenarios, seed and admin token. Immutable; <see cref="DeepLeadFakeBuilder"/> makes a new one for each change.
/// </summary>
public sealed class DeepLeadFakeConfiguration : ContainerConfiguration
{
    /// <summary>A configuration holding only the stub's settings (the builder merges it into the container's).</summary>
    /// <param name="scenarios">Scenario layers as the stub takes them: <c>shipped:NAME</c> or a path inside the container.</param>
    /// <param name="seed">The seed for generated ids and data, overriding the scenarios'.</param>
    /// <param name="adminToken">The token every <c>/__admin</c> call must carry.</param>
    public DeepLeadFakeConfiguration(IReadOnlyList<string>? scenarios = null, int? seed = null, string? adminToken = null)
    {
        Scenarios = scenarios ?? [];
        Seed = seed;
        AdminToken = adminToken;
    }

    /// <summary>Copies Testcontainers' resource configuration (the stub's settings stay unset).</summary>
    public DeepLeadFakeConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
        Scenarios = [];
    }

    /// <summary>Copies Testcontainers' container configuration (the stub's settings stay unset).</summary>
    public DeepLeadFakeConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        Scenarios = [];
    }

    /// <summary>A copy.</summary>
    public DeepLeadFakeConfiguration(DeepLeadFakeConfiguration resourceConfiguration)
        : this(new DeepLeadFakeConfiguration(), resourceConfiguration)
    {
    }

    /// <summary>
    /// <paramref name="newValue"/> over <paramref name="oldValue"/>: the seed and token of the newer win when set;
    /// scenarios add up in order (each is a layer).
    /// </summary>
    public DeepLeadFakeConfiguration(DeepLeadFakeConfiguration oldValue, DeepLeadFakeConfiguration newValue)
        : base(oldValue, newValue)
    {
        ArgumentNullException.ThrowIfNull(oldValue);
        ArgumentNullException.ThrowIfNull(newValue);
        Scenarios = BuildConfiguration.Combine(oldValue.Scenarios, newValue.Scenarios);
        Seed = newValue.Seed ?? oldValue.Seed;
        AdminToken = BuildConfiguration.Combine(oldValue.AdminToken, newValue.AdminToken);
    }

    /// <summary>The scenario layers in order, as the stub is given them (<c>shipped:NAME</c> or a path inside the container); empty: the image's default.</summary>
    public IReadOnlyList<string> Scenarios { get; }

    /// <summary>The seed for generated ids and data, when set.</summary>
    public int? Seed { get; }

    /// <summary>The admin token, when set.</summary>
    public string? AdminToken { get; }
}
