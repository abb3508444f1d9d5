using System.Reflection;
using System.Text.RegularExpressions;
using DeepLead.Fakes.Contract;

namespace DeepLead.Fakes.Docs.Tests;

/// <summary>
/// Issue 26, finding 8: docs/behaviour.md quotes the documentation's status table as the contract has it: the error
/// statuses the three operations share, no 429 (the fake answers one only with settings.rateLimit) and no guess (207).
/// </summary>
public sealed partial class DocumentedStatusesTests
{
    private static readonly string Root = typeof(DocumentedStatusesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [GeneratedRegex(@"its status table has (?<statuses>[0-9, \n]+)")]
    private static partial Regex Quoted();

    [Fact]
    public void The_behaviour_page_quotes_the_documented_statuses_and_no_429()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "behaviour.md"));

        var match = Quoted().Match(page);

        Assert.True(match.Success, "docs/behaviour.md no longer quotes the documentation's status table");
        var quoted = Regex.Matches(match.Groups["statuses"].Value, "[0-9]+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Every error status of the documented operations, the one guess (207, failedBatchStatus: multiStatus) aside.
        var documented = DeepLeadContract.Default.Operations.SelectMany(o => o.Statuses).Where(s => s >= 400).Distinct().Order();
        Assert.Equal(documented, quoted);
        Assert.DoesNotContain(429, quoted);
    }
}
