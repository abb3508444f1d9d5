using System.Globalization;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;

namespace DeepLead.Fakes.Testcontainers;

/// <summary>
/// Builds a <see cref="DeepLeadFakeContainer"/>: the DeepLead fake's image (the stub, <c>deeplead-fake</c>) with a
/// scenario, a seed and an admin token, its API port published on a random host port, ready once
/// <c>/__admin/health</c> answers 200 (a start that takes over 2 minutes fails).
/// <code>
/// await using var fake = new DeepLeadFakeBuilder("deeplead-fake:latest").WithScenario("shipped:default").Build();
/// await fake.StartAsync();
/// using var client = fake.CreateClient();              // BaseAddress …/api/v1/, the default scenario's key
/// using var pools = await client.GetAsync("pools");
/// </code>
/// Immutable: every <c>With…</c> returns a new builder.
/// </summary>
public sealed class DeepLeadFakeBuilder : ContainerBuilder<DeepLeadFakeBuilder, DeepLeadFakeContainer, DeepLeadFakeConfiguration>
{
    /// <summary>The image <c>docker build -t deeplead-fake .</c> makes from the repository's Dockerfile.</summary>
    public const string DefaultImage = "deeplead-fake:latest";

    /// <summary>The stub's port inside the container (the image's <c>DEEPLEAD_FAKE_PORT</c>).</summary>
    public const ushort ApiPort = 8080;

    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Where scenario files given by path are copied inside the container.</summary>
    public const string ScenarioDirectory = "/etc/deeplead-fake/scenarios";

    /// <summary>A builder for <see cref="DefaultImage"/>.</summary>
    public DeepLeadFakeBuilder()
        : this(DefaultImage)
    {
    }

    /// <summary>A builder for this image (name and tag, e.g. <c>deeplead-fake:0.1.0</c>).</summary>
    public DeepLeadFakeBuilder(string image)
        : this(new DockerImage(image))
    {
    }

    /// <summary>A builder for this image.</summary>
    public DeepLeadFakeBuilder(IImage image)
        : this(new DeepLeadFakeConfiguration())
    {
        DockerResourceConfiguration = Init().WithImage(image).DockerResourceConfiguration;
    }

    private DeepLeadFakeBuilder(DeepLeadFakeConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    protected override DeepLeadFakeConfiguration DockerResourceConfiguration { get; }

    /// <summary>
    /// Adds a scenario layer: <c>shipped:NAME</c> (a scenario shipped inside the stub, e.g. <c>shipped:outage</c>) or the
    /// path of a scenario file on this machine (read now and copied into the container). Called more than once, the
    /// scenarios are layered in order; never called, the image's default scenario is served.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, or neither <c>shipped:NAME</c> nor an existing file.</exception>
    public DeepLeadFakeBuilder WithScenario(string scenario)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenario);
        if (scenario.StartsWith("shipped:", StringComparison.Ordinal))
        {
            if (scenario.Length == "shipped:".Length)
            {
                throw new ArgumentException("A shipped scenario needs a name: shipped:default, shipped:outage, ...", nameof(scenario));
            }
            if (scenario.Contains(';', StringComparison.Ordinal))
            {
                // The stub takes its layers from one ';'-separated variable.
                throw new ArgumentException("One scenario per call: call WithScenario again to add a layer.", nameof(scenario));
            }
            return AddScenario(scenario);
        }
        var file = new FileInfo(scenario);
        if (!file.Exists)
        {
            throw new ArgumentException($"No scenario file at '{file.FullName}' (a shipped scenario is written shipped:NAME).", nameof(scenario));
        }
        // Numbered, so that two files with one name stay two layers; ';' would split the stub's ';'-separated layer list.
        var target = $"{ScenarioDirectory}/{DockerResourceConfiguration.Scenarios.Count + 1:D2}-{file.Name.Replace(';', '_')}";
        return AddScenario(target).WithResourceMapping(File.ReadAllBytes(file.FullName), FilePath.Of(target), fileMode: Unix.FileMode644);
    }

    /// <summary>The seed for generated ids and data, overriding the scenarios' (<c>DEEPLEAD_FAKE_SEED</c>).</summary>
    public DeepLeadFakeBuilder WithSeed(int seed) =>
        Merge(DockerResourceConfiguration, new DeepLeadFakeConfiguration(seed: seed))
            .WithEnvironment("DEEPLEAD_FAKE_SEED", seed.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Every <c>/__admin</c> call then needs <c>Authorization: Bearer TOKEN</c> (<c>DEEPLEAD_FAKE_ADMIN_TOKEN</c>); the
    /// container's admin client and the health wait send it.
    /// </summary>
    /// <exception cref="ArgumentException">Not printable ASCII without spaces (it travels in an HTTP header).</exception>
    public DeepLeadFakeBuilder WithAdminToken(string adminToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        if (!adminToken.All(c => c is > ' ' and < '\u007f'))
        {
            throw new ArgumentException("The admin token must be printable ASCII without spaces (it travels in an HTTP header).", nameof(adminToken));
        }
        return Merge(DockerResourceConfiguration, new DeepLeadFakeConfiguration(adminToken: adminToken))
            .WithEnvironment("DEEPLEAD_FAKE_ADMIN_TOKEN", adminToken);
    }

    public override DeepLeadFakeContainer Build()
    {
        Validate();
        var builder = this;
        // The API is published on loopback only when Docker runs on this machine: tests send traffic only there. A
        // remote Docker host is reached at its own address, so the binding is left to Docker then. Decided here, where
        // the endpoint is final (WithDockerEndpoint may come after the constructor).
        if (IsLocalEndpoint(DockerResourceConfiguration.DockerEndpointAuthConfig?.Endpoint))
        {
            builder = builder.WithCreateParameterModifier(parameters =>
            {
                foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(b => b) ?? [])
                {
                    binding.HostIP = "127.0.0.1";
                }
            });
        }
        // The health wait needs the admin token, known only now; a wait strategy of the caller's own replaces it.
        if (DockerResourceConfiguration.WaitStrategies.Count() <= 1)
        {
            builder = builder.WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(
                request =>
                {
                    var health = request.ForPort(ApiPort).ForPath("/__admin/health");
                    return DockerResourceConfiguration.AdminToken is { } token ? health.WithHeader("Authorization", "Bearer " + token) : health;
                },
                // The stub is ready in about a second; a start that takes minutes is a failure to report, not to wait
                // out. (A container that exits while starting fails the wait at once.)
                strategy => strategy.WithTimeout(HealthTimeout)));
        }
        return new DeepLeadFakeContainer(builder.DockerResourceConfiguration);
    }

    protected override DeepLeadFakeBuilder Init() =>
        base.Init().WithPortBinding(ApiPort, assignRandomHostPort: true);

    protected override DeepLeadFakeBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new DeepLeadFakeConfiguration(resourceConfiguration));

    protected override DeepLeadFakeBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new DeepLeadFakeConfiguration(resourceConfiguration));

    protected override DeepLeadFakeBuilder Merge(DeepLeadFakeConfiguration oldValue, DeepLeadFakeConfiguration newValue) =>
        new(new DeepLeadFakeConfiguration(oldValue, newValue));

    private DeepLeadFakeBuilder AddScenario(string scenario)
    {
        var builder = Merge(DockerResourceConfiguration, new DeepLeadFakeConfiguration(scenarios: [scenario]));
        return builder.WithEnvironment("DEEPLEAD_FAKE_SCENARIO", string.Join(';', builder.DockerResourceConfiguration.Scenarios));
    }

    private static bool IsLocalEndpoint(Uri? endpoint) =>
        endpoint is null || endpoint.Scheme is "unix" or "npipe" || (endpoint.IsLoopback && endpoint.Scheme is "tcp" or "http" or "https");
}
