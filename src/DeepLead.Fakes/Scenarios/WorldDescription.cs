using DeepLead.Fakes.World;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Scenarios;

/// <summary>
/// What the scenarios and options describe, merged and checked: plain data. The fake's root builds the running parts
/// (stores, accounts, keys, rules, pipeline, transport) from it.
/// </summary>
/// <param name="Keys">The configured keys in order of first definition, each with its permissions.</param>
/// <param name="PrimaryApiKey">The key a client gets by default.</param>
/// <param name="WireMockMappings">Raw WireMock.Net mapping JSON from the scenarios, for the port transport.</param>
internal sealed record WorldDescription(
    ApiSettings Settings,
    TimeProvider Time,
    StoreSeed StoreSeed,
    IReadOnlyList<FakeRule> Rules,
    IReadOnlyList<KeyValuePair<string, IReadOnlySet<string>>> Keys,
    string PrimaryApiKey,
    IReadOnlyList<string> WireMockMappings);
