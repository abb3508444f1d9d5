using DeepLead.Fakes.Api;
using DeepLead.Fakes.Journal;
using Microsoft.Extensions.Logging;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>Everything a fake serves, independent of how it is hosted: keys, accounts, settings, clock, API.</summary>
internal sealed class FakeWorld
{
    private readonly StoreSeed _storeSeed;
    private readonly IReadOnlyList<FakeRule> _initialRules;

    public FakeWorld(
        ApiKeyRegistry keys,
        Account primary,
        ApiSettings settings,
        TimeProvider time,
        string primaryApiKey,
        StoreSeed storeSeed,
        IReadOnlyList<FakeRule> initialRules,
        IReadOnlyList<string> wireMockMappings,
        CallJournal journal,
        ILogger logger,
        Coverage.CoverageTracker? coverage)
    {
        Keys = keys;
        Primary = primary;
        Settings = settings;
        Time = time;
        PrimaryApiKey = primaryApiKey;
        _storeSeed = storeSeed;
        _initialRules = initialRules;
        WireMockMappings = wireMockMappings;
        Journal = journal;
        Api = new DeepLeadApi(keys, primary, settings, time, journal, logger, coverage);
    }

    public ApiKeyRegistry Keys { get; }

    /// <summary>The account that the configured keys share.</summary>
    public Account Primary { get; }

    public FakeStore Store => Primary.Store;
    public ApiSettings Settings { get; }
    public TimeProvider Time { get; }

    /// <summary>The settable clock, or null when the user gave a <see cref="TimeProvider"/> of their own.</summary>
    public Scenarios.AdjustableClock? Clock => Time as Scenarios.AdjustableClock;
    public string PrimaryApiKey { get; }
    public DeepLeadApi Api { get; }
    public CallJournal Journal { get; }

    /// <summary>Raw WireMock.Net mapping JSON from the scenarios, for the port transport.</summary>
    public IReadOnlyList<string> WireMockMappings { get; }

    /// <summary>A fresh, isolated copy of the scenario: same data, same ids, same rules with full counts.</summary>
    public Account CreateAccount(string label) => new(new FakeStore(_storeSeed), new RuleSet(_initialRules, _storeSeed.Seed), label);

    public void Reset() => Primary.Reset();
}
