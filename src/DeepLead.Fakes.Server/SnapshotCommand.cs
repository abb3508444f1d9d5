using System.CommandLine;
using System.Globalization;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Server;

internal sealed partial class StubCommandLine
{
    /// <summary>Where a key may come from instead of a flag (flags show in process lists); not a DEEPLEAD_FAKE_ variable, it is the account's.</summary>
    public const string KeyVariable = "DEEPLEAD_API_KEY";

    /// <summary>
    /// <c>deeplead-fake snapshot --from URL --key KEY --out FILE</c>: copies a live account into a scenario file through
    /// <c>GET /pools</c> and <c>GET /inboxes</c> only.
    /// </summary>
    private static Command SnapshotCommand()
    {
        var from = new Option<string>("--from") { Description = "The account's API base, e.g. https://app.deeplead.com/api/v1", HelpName = "url", Required = true };
        var key = new Option<string>("--key") { Description = $"The account's key (read with it, never logged). Prefer the environment variable {KeyVariable}: flags show in process lists.", HelpName = "key" };
        var output = new Option<string>("--out") { Description = "The scenario file to write (whole or not at all).", HelpName = "file", Required = true };
        var maxRps = new Option<string>("--max-rps") { Description = "At most this many requests per second. Default: as fast as the account answers.", HelpName = "n" };
        var writable = new Option<bool>("--writable-key") { Description = "Give the key every permission in the scenario (default: read only)." };
        var noKey = new Option<bool>("--no-key") { Description = "Leave the key out of the scenario." };
        var command = new Command("snapshot", "Copy a live account (its pools and inboxes) into a scenario file, reading only: GET /pools, then every page of GET /inboxes. Exit codes: 0 written, 2 bad flag, 5 the account could not be read.")
        {
            from, key, output, maxRps, writable, noKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            var keyText = result.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable);
            if (string.IsNullOrWhiteSpace(keyText))
            {
                errors.Add($"--key: give the account's key (or set {KeyVariable})");
            }
            var upstream = CheckUpstream("--from", result.GetValue(from)!, errors);
            var path = CheckText("--out", result.GetValue(output)!, ParseOutputFile, errors);
            double? rps = result.GetValue(maxRps) is { } rpsText ? Check<double>("--max-rps", rpsText, ParseRate, errors) : null;
            if (result.GetValue(writable) && result.GetValue(noKey))
            {
                errors.Add("--writable-key and --no-key contradict each other: give one");
            }
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"error: {error}");
                }
                return Program.ExitUsage;
            }
            var options = new SnapshotOptions
            {
                ApiKey = keyText!,
                MaxRequestsPerSecond = rps,
                Key = result.GetValue(writable) ? SnapshotKey.Writable : result.GetValue(noKey) ? SnapshotKey.Omit : SnapshotKey.ReadOnly,
                Progress = new ConsoleProgress(),
                Name = Path.GetFileNameWithoutExtension(path!),
            };
            using var client = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(2) };
            try
            {
                // Written as it is read: a million-inbox account is never held in memory.
                var snapshot = await DeepLeadSnapshot.TakeToFileAsync(client, options, path!, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {path}: {snapshot.PoolCount:N0} pools, {snapshot.InboxCount:N0} inboxes ({snapshot.Requests:N0} requests, {snapshot.WaitedForRetryAfter.TotalSeconds:N0} s waiting out Retry-After). Load it with --scenario {path}"));
                return Program.ExitOk;
            }
            catch (SnapshotException exception)
            {
                await Console.Error.WriteLineAsync($"error: {exception.Message}");
                return Program.ExitSnapshot;
            }
        });
        return command;
    }

    internal static Uri? CheckUpstream(string source, string text, List<string> errors)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{source}: '{text}' is not an API base URL such as https://app.deeplead.com/api/v1");
            return null;
        }
        return new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/");
    }

    internal static string? ParseRate(string text, out double rate) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate) && rate > 0 && double.IsFinite(rate)
            ? null
            : $"'{text}' is not a rate: expected a number of requests per second above 0";

    /// <summary>One line per page on standard error, for accounts of more than one page (a small one just finishes).</summary>
    private sealed class ConsoleProgress : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value)
        {
            if (value.Pages > 1 || value.Total > value.Inboxes)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"snapshot: page {value.Pages:N0}, {value.Inboxes:N0}{(value.Total is { } total ? $" of {total:N0}" : "")} inboxes"));
            }
        }
    }
}
