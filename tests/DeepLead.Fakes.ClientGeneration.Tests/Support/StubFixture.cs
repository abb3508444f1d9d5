using System.Net.Http.Headers;
using System.Text.Json;
using DeepLead.Fakes.Server.Tests;

namespace DeepLead.Fakes.ClientGeneration.Tests.Support;

/// <summary>
/// One stub process (default scenario) and one generated, compiled client per generator: generation and compilation
/// are the slow part, every test then calls the fake through the client's types.
/// </summary>
public abstract class GeneratedClientFixture : IAsyncLifetime
{
    public const string ApiKey = "dl_your_api_key_here";
    public const string ReadOnlyApiKey = "dl_read_only_key";

    private StubProcess? _stub;
    private Type? _driverType;

    public Uri Api { get; private set; } = null!;

    public string GeneratorOutput { get; private set; } = "";

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "deeplead-clientgen-" + Guid.NewGuid().ToString("N"));

    /// <summary>Generates the client from the document file into the directory; returns the generator's output.</summary>
    protected abstract Task<string> GenerateAsync(string documentPath, string outputDirectory);

    /// <summary>The driver's sources (embedded in this assembly) to compile with the generated code.</summary>
    protected abstract IReadOnlyList<string> DriverFiles { get; }

    protected abstract string DriverTypeName { get; }

    public IClientDriver Driver(string apiKey = ApiKey) => (IClientDriver)Activator.CreateInstance(_driverType!, Api, apiKey)!;

    public async ValueTask InitializeAsync()
    {
        _stub = StubProcess.Start("--port", "0", "--scenario", StubProcess.ScenarioPath("default"));
        Api = await _stub.WaitUntilReadyAsync();

        // The document as the stub serves it (its servers entry points at this stub), not the embedded copy.
        Directory.CreateDirectory(WorkDirectory);
        var documentPath = Path.Combine(WorkDirectory, "openapi.json");
        using (var http = new HttpClient())
        {
            await File.WriteAllTextAsync(documentPath, await http.GetStringAsync(new Uri(Api, "/openapi.json"), StubProcess.Ct), StubProcess.Ct);
        }
        var output = Path.Combine(WorkDirectory, "client");
        GeneratorOutput = await GenerateAsync(documentPath, output);
        var assembly = Generators.Compile(DriverTypeName.Replace('.', '_'),
            Generators.SourcesUnder(output).Concat(DriverFiles.Select(f => ($"Drivers/{f}", Generators.Driver(f)))));
        _driverType = assembly.GetType(DriverTypeName, throwOnError: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The same call made by hand, for comparison with what the generated client read.</summary>
    public async Task<JsonElement> RawGetAsync(string relative)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(Api, relative), StubProcess.Ct));
        return document.RootElement.Clone();
    }
}

public sealed class KiotaFixture : GeneratedClientFixture
{
    protected override IReadOnlyList<string> DriverFiles => ["KiotaDriver.cs"];

    protected override string DriverTypeName => "DeepLead.KiotaClient.Driver.KiotaDriver";

    protected override Task<string> GenerateAsync(string documentPath, string outputDirectory) =>
        Generators.RunToolAsync(
            ["kiota", "generate", "--language", "CSharp", "--openapi", documentPath, "--output", outputDirectory,
             "--namespace-name", "DeepLead.KiotaClient", "--class-name", "DeepLeadClient", "--exclude-backward-compatible", "--log-level", "Warning"],
            // No update check, telemetry or tutorial: the run needs nothing but the restored tool.
            new Dictionary<string, string>
            {
                ["KIOTA_OFFLINE_ENABLED"] = "true",
                ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
                ["KIOTA_TUTORIAL_ENABLED"] = "false",
                ["KIOTA_CONSOLE_COLORS_ENABLED"] = "false",
            });
}

public sealed class NSwagFixture : GeneratedClientFixture
{
    protected override IReadOnlyList<string> DriverFiles => ["NSwagDriver.cs", "NSwagBatchWorkaround.cs"];

    protected override string DriverTypeName => "DeepLead.NSwagClient.Driver.NSwagDriver";

    protected override Task<string> GenerateAsync(string documentPath, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        return Generators.RunToolAsync(
            ["nswag", "openapi2csclient", $"/input:{documentPath}", $"/output:{Path.Combine(outputDirectory, "DeepLeadClient.cs")}",
             "/namespace:DeepLead.NSwagClient", "/className:DeepLeadClient"]);
    }
}
