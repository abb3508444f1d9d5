using System.Text.Json;
using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes.Options;

/// <summary>
/// Code options as the last scenario layer: they go through the same model as files, so the two produce identical state.
/// </summary>
internal static class OptionsLayer
{
    public const string Origin = nameof(DeepLeadFakeOptions);

    /// <summary>Builds from the options' scenarios (or <paramref name="scenarios"/> instead) and code settings.</summary>
    public static WorldDescription Build(DeepLeadFakeOptions options, IEnumerable<ScenarioSource>? scenarios = null)
    {
        var (description, bytesRead) = BuildFromLayers(options, scenarios);
        if (bytesRead >= LargeScenarioBytes)
        {
            // Reading a large account leaves about as much garbage as it keeps (the file's bytes, the rows read, the
            // builder's sets), and the GC keeps that memory from the OS: one compacting, decommitting collection, once
            // the layers are out of reach, gives it back (1M inboxes in process: RSS 664 -> 377 MiB for about 0.5 s;
            // docs/performance.md).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        return description;
    }

    /// <summary>From this many bytes of scenario JSON (about 350,000 inboxes), building ends with that collection.</summary>
    internal const long LargeScenarioBytes = 64L * 1024 * 1024;

    /// <summary>Its own method, so nothing it read is reachable once it returns.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WorldDescription Description, long BytesRead) BuildFromLayers(DeepLeadFakeOptions options, IEnumerable<ScenarioSource>? scenarios)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxScenarioInboxes, nameof(options.MaxScenarioInboxes));
        var layers = (scenarios ?? options.Scenarios).Select(source => source.Load()).ToList();
        layers.Add(new LoadedScenario(FromOptions(options), Origin, [])
        {
            CodeRules = [.. options.Rules.Select(rule =>
            {
                // Checked here too, so a rule in code fails as an argument of the code, not as a spot in a file.
                RuleValidation.ThrowIfInvalid(rule);
                return rule;
            })],
            CodeGeneration = options.Generate,
        });
        return (WorldBuilder.Build(layers, options.TimeProvider, options.MaxScenarioInboxes), layers.Sum(l => (long)l.Json.Length));
    }

    private static ScenarioModel FromOptions(DeepLeadFakeOptions options) => new()
    {
        Clock = options.Clock,
        Seed = options.Seed,
        ApiKeys = [.. options.ApiKeys],
        Pools = [.. options.Pools],
        Inboxes = [.. options.Inboxes],
        Settings = new ScenarioSettings
        {
            MaxBatchSize = options.MaxBatchSize switch
            {
                null => default,
                DeepLeadFakeOptions.NoBatchLimit => JsonDocument.Parse("null").RootElement.Clone(),
                { } size => JsonDocument.Parse(size.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement.Clone(),
            },
            DefaultLimit = options.DefaultLimit,
            MaxLimit = options.MaxLimit,
            UnknownFields = options.UnknownFields,
            UnknownQueryParameters = options.UnknownQueryParameters,
            EmptyQueryValues = options.EmptyQueryValues,
            AutoFilledFields = options.AutoFilledFields,
            TimestampPrecision = options.TimestampPrecision,
            EmailUniqueness = options.EmailUniqueness,
            UnknownPoolFilter = options.UnknownPoolFilter,
            NearMissNames = options.NearMissNames,
            NullValues = options.NullValues,
            DuplicateKeys = options.DuplicateKeys,
            RepeatedQueryParameters = options.RepeatedQueryParameters,
            LimitAboveMaximum = options.LimitAboveMaximum,
            ProviderCase = options.ProviderCase,
            ProviderWhitespace = options.ProviderWhitespace,
            SingleCreateAnswer = options.SingleCreateAnswer,
            FailedBatchStatus = options.FailedBatchStatus,
        },
        Wiremock = options.WireMockMappings.Count == 0
            ? null
            : JsonDocument.Parse("[" + string.Join(",", options.WireMockMappings) + "]").RootElement.Clone(),
    };
}
