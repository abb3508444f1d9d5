namespace DeepLead.Fakes;

/// <summary>
/// How a fake starts: scenario files first (in order), then what is set here in code on top of them.
/// Everything is optional: with nothing set, the fake has one key with every permission and no data.
/// </summary>
public sealed class DeepLeadFakeOptions
{
    /// <summary>Scenario files, applied in order: later files add to and override earlier ones.</summary>
    public IList<string> ScenarioFiles { get; } = [];

    /// <summary>Keys the fake accepts, in addition to the scenarios' keys.</summary>
    public IList<FakeApiKey> ApiKeys { get; } = [];

    public IList<PoolDefinition> Pools { get; } = [];

    public IList<InboxDefinition> Inboxes { get; } = [];

    /// <summary>A fixed "now" for creation times and auto-created pool names; overrides a scenario's clock.</summary>
    public DateTimeOffset? Clock { get; set; }

    /// <summary>A clock of your own (a fake <see cref="System.TimeProvider"/>, say); wins over <see cref="Clock"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Makes every generated id deterministic; overrides a scenario's seed. Default 0.</summary>
    public int? Seed { get; set; }

    /// <summary>The largest batch <c>POST /inboxes</c> accepts. Default 100.</summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>The page size when <c>limit</c> is not given. Default 100.</summary>
    public int? DefaultLimit { get; set; }

    /// <summary>The largest <c>limit</c> accepted. Default 1000.</summary>
    public int? MaxLimit { get; set; }

    /// <summary>The interface the fake listens on. Default 127.0.0.1: tests should never expose it.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>WireMock.Net's own <c>/__admin</c> interface (health, mappings): on for the standalone stub only.</summary>
    internal bool EnableWireMockAdmin { get; set; }
}
