using System.Globalization;
using System.Text;
using static DeepLead.Fakes.Tests.TestSupport;

namespace DeepLead.Fakes.Tests.Scenarios;

/// <summary>
/// A scenario's <c>generate</c> block read, compared character for character with
/// <c>Scenarios/golden-generate-format.txt</c>: for each input, the data it generates (counts and the first inboxes) or
/// the error with its JSON path, line, column and message. Recorded from the engine that read the block into a file
/// type of its own (before issue 13 read it straight into <see cref="DataGeneration"/>), so a change to what the block
/// means, or to any message about it, shows here as a diff.
/// Set <c>DEEPLEAD_GOLDEN_WRITE=1</c> to write the file afresh after a deliberate change, and review the diff.
/// </summary>
public sealed class GenerateFormatGoldenTests
{
    private static readonly string[] Blocks =
    [
        // Valid.
        """{ "pools": 2, "inboxesPerPool": 3 }""",
        """{ "pools": 1, "inboxes": 4, "statuses": { "paused": 1, "active": 0 }, "providers": { "custom": 1 }, "dailySendingLimit": { "min": 5, "max": 5 } }""",
        """{ "pools": 1, "inboxes": 3, "providers": { "yahoo": 2.5, "zoho": 0.5 }, "statuses": { "error": 1 } }""",
        """{ "pools": null, "inboxes": null, "inboxesPerPool": null, "statuses": null, "providers": null, "dailySendingLimit": null }""",
        """{ }""",
        """{ "pools": 1, "inboxesPerPool": 2, "pools": 2 }""",
        """{ "pools": 1, "inboxesPerPool": 2, "statuses": { "active": 0, "paused": 1, "active": 2 } }""",
        """{ "pools": 1, /* c */ "inboxesPerPool": 1, }""",
        """{ "pools": 0, "inboxes": 0 }""",
        """null""",
        // Wrong types.
        """{ "pools": "1" }""",
        """{ "pools": 1.5 }""",
        """{ "pools": true }""",
        """{ "pools": [] }""",
        """{ "pools": { } }""",
        """{ "pools": 1, "inboxesPerPool": "x" }""",
        """{ "pools": 1, "inboxes": 1e2 }""",
        """{ "pools": 1, "statuses": [] }""",
        """{ "pools": 1, "statuses": { "active": "often" } }""",
        """{ "pools": 1, "statuses": { "odd.name": "x" } }""",
        """{ "pools": 1, "statuses": { "active": null } }""",
        """{ "pools": 1, "providers": 5 }""",
        """{ "pools": 1, "providers": { "google": true } }""",
        """{ "pools": 1, "dailySendingLimit": 5 }""",
        """{ "pools": 1, "dailySendingLimit": { "min": "1", "max": 2 } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": null, "max": 2 } }""",
        "5",
        "[]",
        "\"x\"",
        // Unknown and missing properties.
        """{ "pool": 1 }""",
        """{ "Pools": 1 }""",
        """{ "a b": 1 }""",
        """{ "pools": 1, "dailySendingLimit": { } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": 1 } }""",
        """{ "pools": 1, "dailySendingLimit": { "max": 1 } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": 1, "max": 2, "x": 3 } }""",
        // What no single property can say.
        """{ "pools": -1 }""",
        """{ "pools": 100001 }""",
        """{ "pools": 1, "inboxes": -1 }""",
        """{ "pools": 1, "inboxesPerPool": -1 }""",
        """{ "pools": 1, "inboxesPerPool": 3000000 }""",
        """{ "inboxes": 5 }""",
        """{ "pools": 1, "inboxes": 5, "inboxesPerPool": 5 }""",
        """{ "pools": 1, "statuses": { "archived": 1 } }""",
        """{ "pools": 1, "statuses": { "active": -1 } }""",
        """{ "pools": 1, "statuses": { "active": 0 } }""",
        """{ "pools": 1, "providers": { "aol": 1 } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": 9, "max": 5 } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": 0, "max": 5 } }""",
        // Located across lines.
        "{\n  \"pools\": 1,\n  \"statuses\": {\n    \"active\": \"often\"\n  }\n}",
        "{\n  \"pools\": 1,\n  \"dailySendingLimit\": {\n    \"min\": 1\n  }\n}",
        "{\n  \"pools\": 1,\n  \"poolz\": 2\n}",
        // Not JSON.
        """{ "pools": 1 "inboxes": 2 }""",
        """{ "pools": 1, "statuses": { "active": 1 "paused": 2 } }""",
        """{ "pools": 1, "dailySendingLimit": { "min": 1 "max": 2 } }""",
        """{ "pools": 1x }""",
        """{ "pools": 1, "statuses": { "active": 1 }""",
    ];

    [Fact]
    public async Task Generate_blocks_read_and_fail_exactly_as_recorded()
    {
        await GoldenFile.AssertMatchesAsync(await TranscriptAsync(), "Scenarios", "golden-generate-format.txt");
    }

    private static async Task<string> TranscriptAsync()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions { Transport = FakeTransport.InMemory, Clock = Now }, Ct);
        var text = new StringBuilder();
        foreach (var block in Blocks)
        {
            text.Append("generate ").Append(block.ReplaceLineEndings("\\n")).Append('\n').Append("  ");
            var scenario = "{\n  \"seed\": 5,\n  \"generate\": " + block.ReplaceLineEndings("\n  ") + "\n}";
            try
            {
                fake.Admin.Reload([ScenarioSource.Json(scenario, "s")]);
            }
            catch (ScenarioException exception)
            {
                text.Append(GoldenFile.Describe(exception)).Append('\n');
                continue;
            }
            text.Append(CultureInfo.InvariantCulture, $"{fake.Pools.Count} pools, {fake.Inboxes.Count} inboxes");
            foreach (var inbox in fake.Inboxes.Take(4))
            {
                text.Append(CultureInfo.InvariantCulture, $"; {inbox.EmailAddress} {inbox.Status} {inbox.DailySendingLimit} {inbox.Provider ?? "custom"} {inbox.ImapHost}");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
