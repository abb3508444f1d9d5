using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Tests.Explain;

/// <summary>
/// The output shown in docs/why-did-the-fake-answer-that.md is real: every explanation and verification message there
/// is one the golden tests hold, so a change to what the fake says shows in the page too.
/// </summary>
public sealed partial class DocsOutputTests
{
    [GeneratedRegex(@"^```text\n(?<text>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex TextBlock();

    [GeneratedRegex(@"^#\d+ ", RegexOptions.Multiline)]
    private static partial Regex CallNumber();

    private static string RepositoryFile(string relative, [CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "..", "..", "..", relative));

    [Fact]
    public void Every_explanation_and_verification_message_in_the_page_is_a_recorded_one()
    {
        var page = File.ReadAllText(RepositoryFile("docs/why-did-the-fake-answer-that.md")).ReplaceLineEndings("\n");
        var explanations = File.ReadAllText(RepositoryFile("tests/DeepLead.Fakes.Tests/Explain/golden-explanations.txt")).ReplaceLineEndings("\n");
        var verifications = File.ReadAllText(RepositoryFile("tests/DeepLead.Fakes.Tests/Verify/golden-verification.txt")).ReplaceLineEndings("\n");

        var checkedBlocks = 0;
        foreach (Match block in TextBlock().Matches(page))
        {
            var text = block.Groups["text"].Value;
            if (text.StartsWith('#'))
            {
                Assert.Contains(CallNumber().Replace(text, "#n "), explanations, StringComparison.Ordinal);
                checkedBlocks++;
            }
            else if (text.StartsWith("Expected", StringComparison.Ordinal))
            {
                Assert.Contains(text, verifications, StringComparison.Ordinal);
                checkedBlocks++;
            }
        }
        Assert.Equal(7, checkedBlocks);
    }
}
