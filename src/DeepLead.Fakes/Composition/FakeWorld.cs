using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.Coverage;
using DeepLead.Fakes.Journal;
using DeepLead.Fakes.Logging;
using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Pipeline;
using DeepLead.Fakes.Rendering;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Composition;

/// <summary>
/// The composition root of one described world: its primary account, keys, renderer, observers and pipeline.
/// Independent of how it is hosted; the journal, call numbering and coverage outlive a reload.
/// </summary>
internal sealed class FakeWorld
{
    private readonly WorldDescription _description;

    public FakeWorld(WorldDescription description, CallJournal journal, CallSequence sequence, ILogger logger, CoverageTracker? coverage)
    {
        _description = description;
        Journal = journal;
        Sequence = sequence;
        Coverage = coverage;
        Primary = new Account(new FakeStore(description.StoreSeed), new RuleSet(description.Rules, description.StoreSeed.Seed));
        foreach (var (key, permissions) in description.Keys)
        {
            Keys.Add(new ApiKeyGrant(key, permissions, Primary));
        }
        var settings = description.Settings;
        var renderer = new ApiRenderer(new RenderSettings(settings.TimestampPrecision, settings.AutoFilledFields));
        // Coverage first, then the journal, then the log: a test reading the journal after an answer sees coverage counted.
        IExchangeObserver[] observers = coverage is null
            ? [new JournalRecorder(journal, Time), new CallLog(logger), TelemetryRecorder.Instance]
            : [coverage, new JournalRecorder(journal, Time), new CallLog(logger), TelemetryRecorder.Instance];
        Api = new FakePipeline(Keys, Primary, settings, renderer, Time, sequence, observers, logger);
    }

    /// <summary>A world from the options' scenarios (or <paramref name="scenarios"/> instead) and code settings.</summary>
    public static FakeWorld Create(DeepLeadFakeOptions options, IEnumerable<ScenarioSource>? scenarios = null, FakeWorld? previous = null, CoverageTracker? coverage = null) =>
        new(Scenarios.WorldBuilder.Build(options, scenarios),
            previous?.Journal ?? new CallJournal(options.JournalCapacity),
            previous?.Sequence ?? new CallSequence(),
            options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            previous is null ? coverage : previous.Coverage);

    public ApiKeyRegistry Keys { get; } = new();

    /// <summary>The account that the configured keys share.</summary>
    public Account Primary { get; }

    public ApiSettings Settings => _description.Settings;
    public TimeProvider Time => _description.Time;

    /// <summary>The settable clock, or null when the user gave a <see cref="TimeProvider"/> of their own.</summary>
    public Scenarios.AdjustableClock? Clock => Time as Scenarios.AdjustableClock;
    public string PrimaryApiKey => _description.PrimaryApiKey;
    public FakePipeline Api { get; }
    public CallJournal Journal { get; }
    public CallSequence Sequence { get; }
    public CoverageTracker? Coverage { get; }

    /// <summary>Raw WireMock.Net mapping JSON from the scenarios, for the port transport.</summary>
    public IReadOnlyList<string> WireMockMappings => _description.WireMockMappings;

    /// <summary>A fresh, isolated copy of the scenario: same data, same ids, same rules with full counts.</summary>
    public Account CreateAccount(string label) => new(new FakeStore(_description.StoreSeed), new RuleSet(_description.Rules, _description.StoreSeed.Seed), label);

    /// <summary>Back to the start: the primary account's data and rules, and the clock the scenarios started with (ids follow the clock).</summary>
    public void Reset()
    {
        Clock?.Restore();
        Primary.Reset();
    }
}
