using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>Everything the stub was asked to do, resolved from flags, then environment variables, then defaults.</summary>
internal sealed record StubSettings
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 8080;
    public const int MaxJournalLimit = 1_000_000;

    /// <summary>The library's default, so the stub and an in-process fake keep the same number of calls.</summary>
    public static readonly int DefaultJournalLimit = new DeepLeadFakeOptions().JournalCapacity;

    /// <summary>
    /// What a bare <c>deeplead-fake</c> serves: the documentation's pools, inboxes and key (<c>dl_your_api_key_here</c>),
    /// so its curl examples work out of the box.
    /// </summary>
    public const string DefaultScenario = "shipped:default";

    public string Host { get; init; } = DefaultHost;
    public int Port { get; init; } = DefaultPort;

    /// <summary>Scenario files (or <c>shipped:NAME</c>), layered in order.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [DefaultScenario];

    public int? Seed { get; init; }
    public DateTimeOffset? Clock { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public int JournalLimit { get; init; } = StubSettings.DefaultJournalLimit;

    /// <summary>The most inboxes the scenarios may define together (<see cref="DeepLeadFakeOptions.MaxScenarioInboxes"/>).</summary>
    public int MaxInboxes { get; init; } = DefaultMaxInboxes;

    /// <summary>The engine's default limit on a scenario's inboxes (<c>DeepLeadFakeOptions.MaxScenarioInboxes</c>).</summary>
    public static readonly int DefaultMaxInboxes = new DeepLeadFakeOptions().MaxScenarioInboxes;

    /// <summary>When set, every <c>/__admin</c> call needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? AdminToken { get; init; }

    /// <summary>A file the base URL is written to once the stub is ready (and removed when it stops).</summary>
    public string? ReadyFile { get; init; }

    /// <summary>Where the coverage report goes when the stub stops; coverage is tracked only when set.</summary>
    public string? CoverageReport { get; init; }

    /// <summary>Where the inspector's HTML report goes when the stub stops (docs/inspector.md).</summary>
    public string? HtmlReport { get; init; }

    /// <summary>Shadow mode (<c>--shadow</c>): a proxy to a live account that compares it with a fake.</summary>
    public ShadowSettings? Shadow { get; init; }
}

/// <summary>What <c>--shadow</c> and its companions asked for.</summary>
internal sealed record ShadowSettings(Uri Upstream, string Key, string ReportPath, bool ForwardWrites, string? SettingsPath, double? MaxRequestsPerSecond)
{
    /// <summary>Never prints the key, whoever logs the settings.</summary>
    public override string ToString() => $"ShadowSettings {{ Upstream = {Upstream}, ReportPath = {ReportPath}, ForwardWrites = {ForwardWrites}, SettingsPath = {SettingsPath} }}";
}
