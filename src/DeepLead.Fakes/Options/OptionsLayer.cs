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
        return WorldBuilder.Build(layers, options.TimeProvider);
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
