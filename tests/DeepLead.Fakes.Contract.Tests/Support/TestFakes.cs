using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Contract.Tests.Support;

/// <summary>The documentation's world (scenarios/default.json) and clients that check every response against the contract.</summary>
internal static class TestFakes
{
    /// <summary>The key the documentation's examples use; the default scenario grants it every permission.</summary>
    public const string DocumentedApiKey = "dl_your_api_key_here";

    /// <summary>The default scenario's read-only key.</summary>
    public const string ReadOnlyApiKey = "dl_read_only_key";

    /// <summary>The pool id the documentation's examples use; the default scenario has it, "Main Pool".</summary>
    public const string DocumentedPoolId = "507f1f77bcf86cd799439011";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string DefaultScenarioPath => Path.Combine(AppContext.BaseDirectory, "scenarios", "default.json");

    /// <summary>A fresh fake with the default scenario: the documentation's examples work verbatim against it.</summary>
    public static Task<DeepLeadFake> StartDefaultAsync()
    {
        var options = new DeepLeadFakeOptions();
        options.AddScenarioFile(DefaultScenarioPath);
        return DeepLeadFake.StartAsync(options, Ct);
    }

    /// <summary>A client of the fake whose every response is validated against the contract (it throws on drift).</summary>
    public static HttpClient CreateValidatingClient(this DeepLeadFake fake, string apiKey = DocumentedApiKey)
    {
        var client = new HttpClient(new ContractValidatingHandler(new SocketsHttpHandler())) { BaseAddress = fake.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
