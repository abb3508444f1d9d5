using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>
/// The stub's flags and their environment variables (<c>DEEPLEAD_FAKE_&lt;NAME&gt;</c>). A flag wins over its variable;
/// a variable wins over the default. Every value, from either place, goes through the same check, and a bad one is a
/// usage error that names the flag or the variable it came from. A variable that a flag overrides is not read.
/// </summary>
internal sealed partial class StubCommandLine
{
    public const string EnvPrefix = "DEEPLEAD_FAKE_";

    private readonly Option<string> _port = Flag("--port", "port", $"Port to listen on; 0 picks a free port (read it from the ready line). Default {StubSettings.DefaultPort}.", "PORT");
    private readonly Option<string> _host = Flag("--host", "host", $"Interface to listen on (an IP address or host name). Default {StubSettings.DefaultHost}; 0.0.0.0 listens on every interface.", "HOST");
    private readonly Option<string> _urls = Flag("--urls", "url", "Where to listen, as one URL: http://HOST:PORT (* or + for every interface). Instead of --host and --port.", "URLS");
    private readonly Option<string[]> _scenarios = new("--scenario")
    {
        Description = "Scenario file, or shipped:NAME for one shipped with the library; repeat to layer several, in order. Default shipped:default (the documentation's examples and key). [env: DEEPLEAD_FAKE_SCENARIO, ';'-separated]",
        HelpName = "file",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string> _seed = Flag("--seed", "int", "Seed for generated ids and data; overrides the scenarios'.", "SEED");
    private readonly Option<string> _clock = Flag("--clock", "time", "Fixed 'now' (ISO-8601, e.g. 2024-01-15T12:00:00Z); overrides the scenarios'.", "CLOCK");
    private readonly Option<string> _logLevel = Flag("--log-level", "level", "trace, debug, information, warning, error, critical or none. Default information: one line per request.", "LOG_LEVEL");
    private readonly Option<string> _maxInboxes = Flag("--max-inboxes", "count", $"The most inboxes the scenarios may define together (a guard against a runaway file), 1 or more. Default {StubSettings.DefaultMaxInboxes:N0}.", "MAX_INBOXES");
    private readonly Option<string> _journalLimit = Flag("--journal-limit", "count", $"How many calls the journal keeps (oldest dropped first), 0 to {StubSettings.MaxJournalLimit:N0}. Default {StubSettings.DefaultJournalLimit:N0}.", "JOURNAL_LIMIT");
    private readonly Option<string> _adminToken = Flag("--admin-token", "token", "Require 'Authorization: Bearer <token>' on every /__admin call (the stub's and WireMock.Net's). Prefer the environment variable: flags show in process lists.", "ADMIN_TOKEN");
    private readonly Option<string> _readyFile = Flag("--ready-file", "file", "Write the base URL to this file once ready (removed again on stop).", "READY_FILE");
    private readonly Option<string> _coverageReport = Flag("--coverage-report", "file", "On stop, write which documented endpoints, statuses and error paths the calls exercised (JSON), and print the summary.", "COVERAGE_REPORT");
    private readonly Option<string> _htmlReport = Flag("--html-report", "file", "On stop, write the inspector's views (calls, state, coverage, rules, clock) to this self-contained HTML file, for a CI job to keep.", "HTML_REPORT");
    private readonly Option<string> _shadow = new("--shadow")
    {
        Description = "Shadow a live account: answer every /api/v1 call with the account at this API base (https://app.deeplead.com/api/v1), run it also against a fake started from a snapshot of it, and report the differences (needs --shadow-key and --shadow-report; --scenario layers go over the snapshot).",
        HelpName = "url",
    };
    private readonly Option<string> _shadowKey = new("--shadow-key")
    {
        Description = $"The shadowed account's key, for the snapshot (never logged or reported). Prefer the environment variable {KeyVariable}: flags show in process lists.",
        HelpName = "key",
    };
    private readonly Option<string> _shadowReport = new("--shadow-report") { Description = "On stop, write the shadow report here (JSON) and its summary beside it (.txt).", HelpName = "file" };
    private readonly Option<bool> _shadowWrites = new("--shadow-writes") { Description = "Send writes (POST /inboxes) to the shadowed account too: they create real inboxes. Off by default: the fake alone answers them." };
    private readonly Option<string> _writeSettings = new("--write-settings") { Description = "On stop, write the settings the shadow report suggests as a scenario layer (load it with --scenario).", HelpName = "file" };
    private readonly Option<string> _maxRps = new("--max-rps") { Description = "With --shadow: at most this many requests per second while taking the snapshot.", HelpName = "n" };

    public StubCommandLine()
    {
        Root = new RootCommand(
            "DeepLead fake: a stateful stand-in for the DeepLead inbox API, for tests and CI. Serves the API under /api/v1, "
            + "its admin API under /__admin/deeplead and WireMock.Net's under /__admin. Exit codes: 0 stopped (Ctrl+C, SIGTERM), "
            + "2 bad flag or environment variable, 3 missing or invalid scenario, 4 cannot listen, 5 the shadowed account could not be read.")
        {
            _port, _host, _urls, _scenarios, _seed, _clock, _logLevel, _journalLimit, _maxInboxes, _adminToken, _readyFile, _coverageReport, _htmlReport,
            _shadow, _shadowKey, _shadowReport, _shadowWrites, _writeSettings, _maxRps,
        };
        Root.Subcommands.Add(SchemaCommand());
        Root.Subcommands.Add(SnapshotCommand());
        // Program sets the real action after parsing; without one now, the parser would demand a subcommand.
        Root.SetAction(_ => Program.ExitOk);
    }

    public RootCommand Root { get; }

    /// <summary>The environment variables the stub reads, by their suffix after <see cref="EnvPrefix"/>.</summary>
    public static IReadOnlyList<string> KnownVariables { get; } =
        ["PORT", "HOST", "URLS", "SCENARIO", "SEED", "CLOCK", "LOG_LEVEL", "JOURNAL_LIMIT", "ADMIN_TOKEN", "READY_FILE", "COVERAGE_REPORT", "HTML_REPORT"];

    private static Option<string> Flag(string name, string helpName, string description, string variable) => new(name)
    {
        Description = $"{description} [env: {EnvPrefix}{variable}]",
        HelpName = helpName,
    };

    /// <summary>Settings from a parse without errors and the environment; or every problem found, each naming its source.</summary>
    public Resolution Resolve(ParseResult parsed, IDictionary environment)
    {
        var env = ReadEnvironment(environment, out var warnings);
        var errors = new List<string>();

        T? Pick<T>(Option<string> flag, string variable, Parser<T> parse, List<string> problems) where T : struct
        {
            if (parsed.GetValue(flag) is { } text)
            {
                return Check(flag.Name, text, parse, problems);
            }
            return env.TryGetValue(variable, out var value) ? Check(EnvPrefix + variable, value, parse, problems) : null;
        }

        string? PickText(Option<string> flag, string variable, TextParser parse, List<string> problems)
        {
            if (parsed.GetValue(flag) is { } text)
            {
                return CheckText(flag.Name, text, parse, problems);
            }
            return env.TryGetValue(variable, out var value) ? CheckText(EnvPrefix + variable, value, parse, problems) : null;
        }

        // Host and port: --urls is --host and --port in one. Per value, flags first, then the environment; at each
        // level a URL and a separate host or port contradict each other.
        var flagHost = parsed.GetValue(_host);
        var flagPort = parsed.GetValue(_port);
        var flagUrls = parsed.GetValue(_urls);
        if (flagUrls is not null && (flagHost is not null || flagPort is not null))
        {
            errors.Add("--urls cannot be combined with --host or --port: give one URL, or host and port");
        }
        env.TryGetValue("URLS", out var envUrls);
        env.TryGetValue("HOST", out var envHost);
        env.TryGetValue("PORT", out var envPort);
        var hostGiven = flagHost is not null || flagUrls is not null;
        var portGiven = flagPort is not null || flagUrls is not null;
        if (envUrls is not null && (envHost is not null || envPort is not null) && !(hostGiven && portGiven))
        {
            errors.Add($"{EnvPrefix}URLS cannot be combined with {EnvPrefix}HOST or {EnvPrefix}PORT: set one URL, or host and port");
        }
        string? host = null;
        int? port = null;
        if (flagUrls is not null && Check<HostPort>(_urls.Name, flagUrls, ParseUrl, errors) is { } flagUrl)
        {
            (host, port) = (flagUrl.Host, flagUrl.Port);
        }
        host = flagHost is not null ? CheckText(_host.Name, flagHost, ParseHost, errors) : host;
        port = flagPort is not null ? Check<int>(_port.Name, flagPort, ParsePort, errors) : port;
        if (!(hostGiven && portGiven) && envUrls is not null && Check<HostPort>(EnvPrefix + "URLS", envUrls, ParseUrl, errors) is { } envUrl)
        {
            host = hostGiven ? host : envUrl.Host;
            port = portGiven ? port : envUrl.Port;
        }
        if (!hostGiven && envHost is not null)
        {
            host = CheckText(EnvPrefix + "HOST", envHost, ParseHost, errors);
        }
        if (!portGiven && envPort is not null)
        {
            port = Check<int>(EnvPrefix + "PORT", envPort, ParsePort, errors);
        }

        var shadow = ResolveShadow(parsed, environment, errors);
        // A shadow starts from its snapshot: only scenarios asked for go over it, never the default world.
        var scenarios = parsed.GetValue(_scenarios) is { Length: > 0 } given
            ? given
            : env.TryGetValue("SCENARIO", out var list) ? list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : shadow is null ? [StubSettings.DefaultScenario] : [];
        if (scenarios.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("--scenario: a scenario file path cannot be empty");
        }

        var seed = Pick<int>(_seed, "SEED", ParseSeed, errors);
        var clock = Pick<DateTimeOffset>(_clock, "CLOCK", ParseClock, errors);
        var logLevel = Pick<LogLevel>(_logLevel, "LOG_LEVEL", ParseLogLevel, errors);
        var journalLimit = Pick<int>(_journalLimit, "JOURNAL_LIMIT", ParseJournalLimit, errors);
        var maxInboxes = Pick<int>(_maxInboxes, "MAX_INBOXES", ParseMaxInboxes, errors);
        var adminToken = PickText(_adminToken, "ADMIN_TOKEN", ParseAdminToken, errors);
        var readyFile = PickText(_readyFile, "READY_FILE", ParseOutputFile, errors);
        var coverageReport = PickText(_coverageReport, "COVERAGE_REPORT", ParseOutputFile, errors);
        var htmlReport = PickText(_htmlReport, "HTML_REPORT", ParseOutputFile, errors);

        if (errors.Count > 0)
        {
            return new Resolution(null, errors, warnings);
        }
        return new Resolution(
            new StubSettings
            {
                Host = host ?? StubSettings.DefaultHost,
                Port = port ?? StubSettings.DefaultPort,
                Scenarios = scenarios,
                Seed = seed,
                Clock = clock,
                LogLevel = logLevel ?? LogLevel.Information,
                JournalLimit = journalLimit ?? StubSettings.DefaultJournalLimit,
                MaxInboxes = maxInboxes ?? StubSettings.DefaultMaxInboxes,
                AdminToken = adminToken,
                ReadyFile = readyFile,
                CoverageReport = coverageReport,
                HtmlReport = htmlReport,
                Shadow = shadow,
            },
            errors,
            warnings);
    }

    /// <summary>The shadow flags: all of them need --shadow, and --shadow needs a key and a report file.</summary>
    private ShadowSettings? ResolveShadow(ParseResult parsed, IDictionary environment, List<string> errors)
    {
        var url = parsed.GetValue(_shadow);
        if (url is null)
        {
            foreach (var option in new Option[] { _shadowKey, _shadowReport, _shadowWrites, _writeSettings, _maxRps })
            {
                if (parsed.GetResult(option) is { Implicit: false })
                {
                    errors.Add($"{option.Name} needs --shadow");
                }
            }
            return null;
        }
        var problems = new List<string>();
        var upstream = CheckUpstream(_shadow.Name, url, problems);
        var key = parsed.GetValue(_shadowKey) ?? environment[KeyVariable] as string;
        if (string.IsNullOrWhiteSpace(key))
        {
            problems.Add($"--shadow-key: give the shadowed account's key (or set {KeyVariable})");
        }
        string? report = null;
        if (parsed.GetValue(_shadowReport) is { } reportText)
        {
            report = CheckText(_shadowReport.Name, reportText, ParseOutputFile, problems);
        }
        else
        {
            problems.Add("--shadow needs --shadow-report FILE: the differences are the point of shadowing");
        }
        var settingsFile = parsed.GetValue(_writeSettings) is { } settingsText ? CheckText(_writeSettings.Name, settingsText, ParseOutputFile, problems) : null;
        double? rate = parsed.GetValue(_maxRps) is { } rateText ? Check<double>(_maxRps.Name, rateText, ParseRate, problems) : null;
        errors.AddRange(problems);
        return problems.Count > 0 ? null : new ShadowSettings(upstream!, key!, report!, parsed.GetValue(_shadowWrites), settingsFile, rate);
    }

    /// <summary>The stub's variables, empty ones counting as unset; a variable with the prefix that is not one of them is a warning.</summary>
    private static Dictionary<string, string> ReadEnvironment(IDictionary environment, out List<string> warnings)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        warnings = [];
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is not string name || !name.StartsWith(EnvPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var suffix = name[EnvPrefix.Length..];
            if (!KnownVariables.Contains(suffix, StringComparer.Ordinal))
            {
                warnings.Add($"{name} is not a setting of the stub and is ignored; known: {string.Join(", ", KnownVariables.Select(v => EnvPrefix + v))}");
                continue;
            }
            if (entry.Value is string { Length: > 0 } value)
            {
                values[suffix] = value;
            }
        }
        warnings.Sort(StringComparer.Ordinal);
        return values;
    }

    private delegate string? Parser<T>(string text, out T value);

    private delegate string? TextParser(string text, out string value);

    private static T? Check<T>(string source, string text, Parser<T> parse, List<string> errors) where T : struct
    {
        if (parse(text, out var value) is { } problem)
        {
            errors.Add($"{source}: {problem}");
            return null;
        }
        return value;
    }

    private static string? CheckText(string source, string text, TextParser parse, List<string> errors)
    {
        if (parse(text, out var value) is { } problem)
        {
            errors.Add($"{source}: {problem}");
            return null;
        }
        return value;
    }

    internal static string? ParsePort(string text, out int port)
    {
        port = 0;
        return DigitsOnly().IsMatch(text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535
            ? null
            : $"'{text}' is not a port: expected a whole number from 0 to 65535 (0 picks a free port)";
    }

    internal static string? ParseHost(string text, out string host)
    {
        host = text.Trim();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown
            ? null
            : $"'{text}' is not a host name or IP address";
    }

    internal readonly record struct HostPort(string Host, int Port);

    internal static string? ParseUrl(string text, out HostPort url)
    {
        url = default;
        var urls = text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length != 1)
        {
            return $"'{text}': give exactly one URL (the stub listens on one address)";
        }
        var candidate = WildcardHost().Replace(urls[0], "${scheme}0.0.0.0${rest}");
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"'{urls[0]}' is not a URL of the form http://HOST:PORT";
        }
        if (uri.Scheme == "https")
        {
            return $"'{urls[0]}': https is not supported, the stub serves plain HTTP (put a TLS proxy in front if needed)";
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return $"'{urls[0]}': give only scheme, host and port (the API is always served under /api/v1)";
        }
        if (ParseHost(uri.Host, out var host) is { } problem)
        {
            return problem;
        }
        url = new HostPort(host, uri.Port);
        return null;
    }

    internal static string? ParseSeed(string text, out int seed) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed)
            ? null
            : $"'{text}' is not a seed: expected a whole number from {int.MinValue} to {int.MaxValue}";

    internal static string? ParseClock(string text, out DateTimeOffset clock)
    {
        clock = default;
        return IsoDate().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out clock)
            ? null
            : $"'{text}' is not an ISO-8601 time, e.g. 2024-01-15T12:00:00Z";
    }

    internal static string? ParseLogLevel(string text, out LogLevel level)
    {
        level = text.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "information" or "info" => LogLevel.Information,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" => LogLevel.Critical,
            "none" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0 ? null : $"'{text}' is not a log level: expected trace, debug, information, warning, error, critical or none";
    }

    internal static string? ParseJournalLimit(string text, out int limit)
    {
        limit = 0;
        return DigitsOnly().IsMatch(text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit <= StubSettings.MaxJournalLimit
            ? null
            : $"'{text}' is not a journal limit: expected a whole number from 0 to {StubSettings.MaxJournalLimit}";
    }

    internal static string? ParseMaxInboxes(string text, out int limit)
    {
        limit = 0;
        return DigitsOnly().IsMatch(text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1
            ? null
            : $"'{text}' is not an inbox limit: expected a whole number from 1 to {int.MaxValue}";
    }

    /// <summary>Never echoes the value: it is a secret.</summary>
    internal static string? ParseAdminToken(string text, out string token)
    {
        token = text;
        return text.All(c => c is > ' ' and < (char)127)
            ? null
            : "the admin token must be printable ASCII without spaces (it travels in an HTTP header)";
    }

    internal static string? ParseOutputFile(string text, out string path)
    {
        path = text;
        string full;
        try
        {
            full = Path.GetFullPath(text);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{text}' is not a file path: {exception.Message}";
        }
        if (Directory.Exists(full))
        {
            return $"'{text}' is a directory; give a file path";
        }
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            return $"'{text}': the directory '{directory}' does not exist";
        }
        path = full;
        return null;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<scheme>[a-zA-Z]+://)[*+](?<rest>(:[0-9]*)?/?)$")]
    private static partial Regex WildcardHost();
}

/// <summary>The outcome of reading flags and environment: settings, or the usage errors; warnings either way.</summary>
internal sealed record Resolution(StubSettings? Settings, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
