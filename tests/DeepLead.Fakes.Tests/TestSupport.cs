using System.Net;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Tests;

/// <summary>Small helpers so each test reads as request, then assertions on status and JSON.</summary>
internal static class TestSupport
{
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public const string PoolId = "507f1f77bcf86cd799439011";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Polls until <paramref name="probe"/> finds something (e.g. an abandoned call, recorded as its cancellation
    /// unwinds): a condition, not a sleep; 30 s is a hang detector.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        T? value;
        while ((value = probe()) is null)
        {
            await Task.Delay(10, timeout.Token);
        }
        return value;
    }

    public static string ScenarioPath(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name + ".json");

    /// <summary>A fake with a fixed clock and one pool, as most tests want.</summary>
    public static Task<DeepLeadFake> StartAsync(Action<DeepLeadFakeOptions>? configure = null, FakeTransport transport = FakeTransport.WireMock)
    {
        var options = new DeepLeadFakeOptions { Clock = Now, Seed = 7, Transport = transport };
        options.Pools.Add(new PoolDefinition { Id = PoolId, Name = "Main Pool", CreatedAt = Now.AddDays(-1) });
        configure?.Invoke(options);
        return DeepLeadFake.StartAsync(options, Ct);
    }

    /// <summary>A fake started from these options alone, over the given transport.</summary>
    public static Task<DeepLeadFake> StartBareAsync(DeepLeadFakeOptions options, FakeTransport transport)
    {
        options.Transport = transport;
        return DeepLeadFake.StartAsync(options, Ct);
    }

    /// <summary>
    /// A client whose every response is checked against the OpenAPI contract: no test can pass on a response that
    /// breaks it. Answers a rule forced (marked with the rule header) and undocumented routes are checked for the error
    /// shape only when they claim to be errors.
    /// </summary>
    public static HttpClient Validated(DeepLeadFake fake, string? apiKey = null) => Validated(fake.CreateHandler(), fake.BaseAddress, apiKey ?? fake.ApiKey);

    public static HttpClient Validated(DeepLeadTenant tenant) => Validated(tenant.CreateHandler(), tenant.BaseAddress, tenant.ApiKey);

    private static HttpClient Validated(HttpMessageHandler handler, Uri baseAddress, string apiKey)
    {
        var client = new HttpClient(new ContractCheckingHandler(handler)) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
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

    /// <summary>Asserts the status and the documented error shape, and returns the body.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        foreach (var property in body.EnumerateObject())
        {
            Assert.Contains(property.Name, new[] { "error", "details" });
        }
        if (body.TryGetProperty("details", out var details))
        {
            Assert.True(details.GetArrayLength() > 0);
            foreach (var detail in details.EnumerateArray())
            {
                Assert.False(string.IsNullOrWhiteSpace(detail.GetProperty("field").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(detail.GetProperty("message").GetString()));
            }
        }
        return body;
    }

    public static IEnumerable<string> DetailFields(this JsonElement error) =>
        error.TryGetProperty("details", out var details)
            ? details.EnumerateArray().Select(d => d.GetProperty("field").GetString()!)
            : [];

    /// <summary>The entries of the warning header (a comma-separated list: each entry is free of commas), or none.</summary>
    public static IReadOnlyList<string> Warnings(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-DeepLead-Fake-Warning", out var values)
            ? [.. values.SelectMany(v => v.Split(", "))]
            : [];

    public static IEnumerable<string> PropertyNames(this JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    public static string Single(string email, string? extra = null) =>
        $$"""{"emailAddress": "{{email}}", "imapPassword": "secret-pw"{{(extra is null ? "" : ", " + extra)}}}""";
}

/// <summary>
/// Behaviour tests run on both transports: each test class derives from this once per transport, and the
/// instance <see cref="StartAsync"/> hides the static one so every fake a test starts uses the class's transport.
/// </summary>
public abstract class BehaviourTests
{
    protected abstract FakeTransport Transport { get; }

    protected Task<DeepLeadFake> StartAsync(Action<DeepLeadFakeOptions>? configure = null) => TestSupport.StartAsync(configure, Transport);

    protected Task<DeepLeadFake> StartBareAsync(DeepLeadFakeOptions? options = null) => TestSupport.StartBareAsync(options ?? new DeepLeadFakeOptions(), Transport);
}

/// <summary>Keeps every log line, for assertions on what the fake logged.</summary>
internal sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
        }
    }
}

/// <summary>Checks each response of the fake against the OpenAPI document shipped in the library.</summary>
internal sealed class ContractCheckingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly DeepLead.Fakes.Contract.DeepLeadContract Contract = DeepLead.Fakes.Contract.DeepLeadContract.Default;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.Contains("X-DeepLead-Fake-Rule"))
        {
            return response;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var result = Contract.FindOperation(request.Method.Method, path) is null
            ? Contract.ValidateSchema("Error", body)
            : Contract.ValidateResponse(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"Contract violation: {request.Method} {path} -> {(int)response.StatusCode}:\n{result}\nbody: {body}");
        }
        return response;
    }
}
