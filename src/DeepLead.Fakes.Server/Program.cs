using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Server;

/// <summary>The standalone stub: read flags and environment, start one fake, print one ready line, stop cleanly on a signal.</summary>
internal static class Program
{
    internal const int ExitOk = 0;
    internal const int ExitUsage = 2;
    internal const int ExitScenario = 3;
    internal const int ExitCannotListen = 4;
    internal const int ExitSnapshot = 5;

    /// <summary>How long stopping may take before the stub exits anyway (a request held by a delay rule would otherwise hold it).</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    public static async Task<int> Main(string[] args)
    {
        // Log lines and messages read the same on every machine ("0.4 ms", never "0,4 ms").
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        // Independent of the command line: the scenario reader's one-off cost, on the second core while the command
        // line is read (the world's build then finds it paid); and a serialization nobody reads, skipped.
        DeepLeadFake.BeginWarmUp();
        WireMockSettingsDump.Skip();

        var commandLine = new StubCommandLine();
        var parsed = commandLine.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return ExitUsage;
        }
        commandLine.Root.SetAction(async (result, _) =>
        {
            var resolution = commandLine.Resolve(result, Environment.GetEnvironmentVariables());
            foreach (var warning in resolution.Warnings)
            {
                await Console.Error.WriteLineAsync($"warning: {warning}");
            }
            if (resolution.Settings is not { } settings)
            {
                foreach (var error in resolution.Errors)
                {
                    await Console.Error.WriteLineAsync($"error: {error}");
                }
                await Console.Error.WriteLineAsync("Run with --help for usage.");
                return ExitUsage;
            }
            return await RunAsync(settings);
        });
        // The stub handles SIGINT and SIGTERM itself; System.CommandLine's own handling is off.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    private static async Task<int> RunAsync(StubSettings settings)
    {
        using var signals = new StopSignal();
        using var log = new ConsoleLog(settings.LogLevel, Console.OpenStandardOutput());
        if (settings.ReadyFile is { } staleReadyFile)
        {
            // A file left by an earlier run must not tell anyone this one is ready.
            try
            {
                File.Delete(staleReadyFile);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: --ready-file: cannot replace '{staleReadyFile}': {exception.Message}");
                return ExitUsage;
            }
        }

        List<ScenarioLayer> layers;
        try
        {
            layers = [.. settings.Scenarios.Select(ScenarioLayer.AtStart)];
        }
        catch (ScenarioException exception)
        {
            await Console.Error.WriteLineAsync($"error: invalid scenario: {exception.Message}");
            return ExitScenario;
        }
        if (settings.Shadow is { } shadow)
        {
            return await ShadowHost.RunAsync(settings, shadow, layers, log, signals.Task);
        }

        var options = new DeepLeadFakeOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            Seed = settings.Seed,
            Clock = settings.Clock,
            JournalCapacity = settings.JournalLimit,
            MaxScenarioInboxes = settings.MaxInboxes,
            CoverageReportPath = settings.CoverageReport,
            Logger = log,
            EnableWireMockAdmin = true,
            InspectorToken = settings.AdminToken,
        };
        foreach (var layer in layers)
        {
            options.Scenarios.Add(layer.ToSource());
        }
        var admin = new AdminApi(settings.AdminToken, layers, log);
        options.WireMockPipeline = admin.Configure;

        DeepLeadFake fake;
        try
        {
            fake = await DeepLeadFake.StartAsync(options);
        }
        catch (ScenarioException exception)
        {
            await Console.Error.WriteLineAsync($"error: invalid scenario: {exception.Message}");
            return ExitScenario;
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCannotListen;
        }

        try
        {
            admin.Attach(fake);
            if (settings.ReadyFile is { } readyFile)
            {
                try
                {
                    WriteAtomically(readyFile, fake.BaseAddress.AbsoluteUri + "\n");
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"error: --ready-file: cannot write '{readyFile}': {exception.Message}");
                    return ExitUsage;
                }
            }
            log.WriteLine($"DeepLead fake ready at {fake.BaseAddress} (health: {new Uri(fake.BaseAddress, "/")}__admin/health)");

            var signal = await signals.Task;
            log.LogInformation("{Signal} received, stopping", signal);
        }
        finally
        {
            if (settings.HtmlReport is { } htmlReport)
            {
                try
                {
                    fake.WriteInspectorReport(htmlReport);
                    log.LogInformation("Inspector report written to {Path}", htmlReport);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    log.LogError("--html-report: cannot write '{Path}': {Error}", htmlReport, exception.Message);
                }
            }
            var stopping = Task.Run(fake.Dispose);
            if (await Task.WhenAny(stopping, Task.Delay(StopGrace)) != stopping)
            {
                log.LogWarning("Requests still in flight after {Seconds} s are cut off", StopGrace.TotalSeconds);
            }
            if (settings.ReadyFile is { } readyFile)
            {
                File.Delete(readyFile);
            }
        }
        return ExitOk;
    }

    /// <summary>Write then rename, so whoever waits for the file never reads half of it.</summary>
    internal static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>SIGINT (Ctrl+C) and SIGTERM, handled instead of the default termination, completing one task.</summary>
    private sealed class StopSignal : IDisposable
    {
        private readonly TaskCompletionSource<string> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly PosixSignalRegistration _interrupt;
        private readonly PosixSignalRegistration _terminate;

        public StopSignal()
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        public Task<string> Task => _stop.Task;

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            _stop.TrySetResult(context.Signal.ToString());
        }

        public void Dispose()
        {
            _interrupt.Dispose();
            _terminate.Dispose();
        }
    }
}
