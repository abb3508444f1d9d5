using System.CommandLine;
using System.Runtime.InteropServices;
using DeepLead.Fakes;

namespace DeepLead.Fakes.Server;

/// <summary>The standalone stub: parse flags, start one fake, print one ready line, stop cleanly on a signal.</summary>
internal static class Program
{
    internal const int ExitOk = 0;
    internal const int ExitUsage = 2;
    internal const int ExitScenario = 3;
    internal const int ExitCannotListen = 4;

    public static async Task<int> Main(string[] args)
    {
        var host = new Option<string>("--host") { Description = "Interface to listen on [env DEEPLEAD_FAKE_HOST]", DefaultValueFactory = _ => Env("DEEPLEAD_FAKE_HOST") ?? "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free port [env DEEPLEAD_FAKE_PORT]", DefaultValueFactory = _ => EnvInt("DEEPLEAD_FAKE_PORT") ?? 8080 };
        var scenarios = new Option<string[]>("--scenario") { Description = "Scenario file; repeat to layer several, in order [env DEEPLEAD_FAKE_SCENARIO, ';'-separated]", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<int?>("--seed") { Description = "Seed for generated ids and data; overrides the scenario's [env DEEPLEAD_FAKE_SEED]" };
        var clock = new Option<DateTimeOffset?>("--clock") { Description = "Fixed 'now' (ISO-8601); overrides the scenario's [env DEEPLEAD_FAKE_CLOCK]" };

        var root = new RootCommand("DeepLead fake: a stateful stand-in for the DeepLead inbox API, for tests and CI.")
        {
            host, port, scenarios, seed, clock,
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return ExitUsage;
        }
        root.SetAction((result, _) => RunAsync(BuildOptions(result, host, port, scenarios, seed, clock)));
        return await parsed.InvokeAsync();
    }

    private static DeepLeadFakeOptions BuildOptions(
        ParseResult parsed, Option<string> host, Option<int> port, Option<string[]> scenarios, Option<int?> seed, Option<DateTimeOffset?> clock)
    {
        var options = new DeepLeadFakeOptions
        {
            Host = parsed.GetValue(host)!,
            Port = parsed.GetValue(port),
            Seed = parsed.GetValue(seed) ?? EnvInt("DEEPLEAD_FAKE_SEED"),
            Clock = parsed.GetValue(clock) ?? EnvTime("DEEPLEAD_FAKE_CLOCK"),
            EnableWireMockAdmin = true,
        };
        var files = parsed.GetValue(scenarios) is { Length: > 0 } given
            ? given
            : Env("DEEPLEAD_FAKE_SCENARIO")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var file in files)
        {
            options.AddScenarioFile(file);
        }
        return options;
    }

    private static async Task<int> RunAsync(DeepLeadFakeOptions options)
    {
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

        await using (fake)
        {
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            Console.Out.WriteLine($"DeepLead fake ready at {fake.BaseAddress} (health: {fake.RootAddress}__admin/health)");
            Console.Out.Flush();
            await stop.Task;
        }
        return ExitOk;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? EnvInt(string name) => int.TryParse(Env(name), out var value) ? value : null;

    private static DateTimeOffset? EnvTime(string name) =>
        DateTimeOffset.TryParse(Env(name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
