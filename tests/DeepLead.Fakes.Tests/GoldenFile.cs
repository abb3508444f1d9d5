using System.Globalization;
using System.Runtime.CompilerServices;

namespace DeepLead.Fakes.Tests;

/// <summary>
/// A transcript compared with a file recorded beside the test (copied to the output), so any change shows as a diff of
/// that file. <c>DEEPLEAD_GOLDEN_WRITE=1</c> writes the file afresh in the source tree after a deliberate change.
/// </summary>
internal static class GoldenFile
{
    public static async Task AssertMatchesAsync(string transcript, string folder, string fileName, [CallerFilePath] string caller = "")
    {
        if (Environment.GetEnvironmentVariable("DEEPLEAD_GOLDEN_WRITE") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(caller)!, fileName), transcript, TestSupport.Ct);
        }
        var expected = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, folder, fileName), TestSupport.Ct)).ReplaceLineEndings("\n");
        Assert.Equal(expected, transcript);
    }

    /// <summary>A scenario error as a transcript line: JSON path, line and column, then the whole message.</summary>
    public static string Describe(ScenarioException exception) =>
        string.Create(CultureInfo.InvariantCulture, $"error at {exception.JsonPath ?? "-"} ({exception.Line?.ToString(CultureInfo.InvariantCulture) ?? "-"},{exception.Column?.ToString(CultureInfo.InvariantCulture) ?? "-"}): {exception.Message}");
}
