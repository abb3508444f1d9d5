using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes;

/// <summary>
/// A typed client for a running stub's admin API (<c>deeplead-fake</c>, under <c>/__admin/deeplead</c>): reset, load or
/// layer scenarios, add and clear rules, read and clear the journal, read the state. Every method is one HTTP call;
/// an answer other than the documented success throws <see cref="DeepLeadStubException"/> with the stub's error.
/// <code>
/// using var stub = new DeepLeadStubClient(new Uri("http://127.0.0.1:5080"), adminToken: null);
/// await stub.ResetAsync();
/// await stub.AddRulesAsync("""{"match": {"method": "GET", "path": "/pools"}, "respond": {"status": 503}, "times": 1}""");
/// var calls = (await stub.GetJournalAsync()).Calls;
/// </code>
/// Thread-safe: calls may overlap (the stub applies changes one at a time).
/// </summary>
public sealed class DeepLeadStubClient : IDisposable
{
    private const string Prefix = "__admin/deeplead/";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>A client with its own <see cref="HttpClient"/>.</summary>
    /// <param name="stubAddress">The stub's address: its root (<c>http://127.0.0.1:5080</c>) or the API base from its ready line (…/api/v1/).</param>
    /// <param name="adminToken">The stub's admin token, when it was started with one.</param>
    public DeepLeadStubClient(Uri stubAddress, string? adminToken)
        : this(new HttpClient(), stubAddress, adminToken, ownsHttp: true)
    {
    }

    /// <summary>A client over your <see cref="HttpClient"/> (not disposed by this client).</summary>
    public DeepLeadStubClient(HttpClient http, Uri stubAddress, string? adminToken)
        : this(http, stubAddress, adminToken, ownsHttp: false)
    {
    }

    private DeepLeadStubClient(HttpClient http, Uri stubAddress, string? adminToken, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(stubAddress);
        if (!stubAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The stub's address must be absolute, e.g. http://127.0.0.1:5080.", nameof(stubAddress));
        }
        _http = http;
        _ownsHttp = ownsHttp;
        Address = new Uri(stubAddress, "/");
        _authorization = adminToken is null ? null : new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>The stub's root address.</summary>
    public Uri Address { get; }

    /// <summary>The API's base address (…/api/v1/), for the client under test.</summary>
    public Uri ApiAddress => new(Address, "api/v1/");

    /// <summary>Back to the loaded scenarios' state: data, rules, tenants and clock; the journal is kept.</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "reset", null, 204, cancellationToken);

    /// <summary>Everything the stub holds: scenario layers, keys (redacted), pools, inboxes with their stored settings, rules.</summary>
    public Task<StubState> GetStateAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<StubState>(HttpMethod.Get, "state", null, 200, cancellationToken);

    /// <summary>The scenario layers in force, in order.</summary>
    public async Task<IReadOnlyList<StubScenarioLayer>> GetScenariosAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<StubScenarios>(HttpMethod.Get, "scenarios", null, 200, cancellationToken).ConfigureAwait(false)).Scenarios;

    /// <summary>Replaces every layer with this scenario (JSON in the scenario file format); the state is rebuilt from it.</summary>
    public Task<IReadOnlyList<StubScenarioLayer>> LoadScenarioAsync(string scenarioJson, string? name = null, CancellationToken cancellationToken = default) =>
        UploadScenarioAsync(HttpMethod.Put, scenarioJson, name, cancellationToken);

    /// <summary>Adds this scenario as a layer on top of the current ones; the state is rebuilt from all of them.</summary>
    public Task<IReadOnlyList<StubScenarioLayer>> LayerScenarioAsync(string scenarioJson, string? name = null, CancellationToken cancellationToken = default) =>
        UploadScenarioAsync(HttpMethod.Post, scenarioJson, name, cancellationToken);

    /// <summary>Back to the scenarios the stub started with.</summary>
    public async Task<IReadOnlyList<StubScenarioLayer>> RestoreStartScenariosAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<StubScenarios>(HttpMethod.Delete, "scenarios", null, 200, cancellationToken).ConfigureAwait(false)).Scenarios;

    /// <summary>
    /// Adds rules, all checked before any is used: one rule (a JSON object) or several (an array) in the scenario file's
    /// rule format (docs/scenarios.md), e.g. <c>FakeRule.ToScenarioJson(rules)</c> where the engine package is at hand.
    /// Returns every rule now in force, in the same format.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> AddRulesAsync(string rulesJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rulesJson);
        return (await ReadAsync<StubRules>(HttpMethod.Post, "rules", rulesJson, 201, cancellationToken).ConfigureAwait(false)).Rules;
    }

    /// <summary>The rules in force, in the scenario rule format.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetRulesAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync<StubRules>(HttpMethod.Get, "rules", null, 200, cancellationToken).ConfigureAwait(false)).Rules;

    /// <summary>Removes every rule (the scenarios' included, until the next reset).</summary>
    public Task ClearRulesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "rules", null, 204, cancellationToken);

    /// <summary>The journal's calls after sequence number <paramref name="since"/> (0: all kept), oldest first, redacted.</summary>
    public Task<StubJournal> GetJournalAsync(long since = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(since);
        return ReadAsync<StubJournal>(HttpMethod.Get, since == 0 ? "journal" : $"journal?since={since}", null, 200, cancellationToken);
    }

    /// <summary>Empties the journal.</summary>
    public Task ClearJournalAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "journal", null, 204, cancellationToken);

    /// <summary>Why the stub answered call <paramref name="sequence"/> as it did (the readable text of its explanation).</summary>
    public Task<string> ExplainAsync(long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return SendAsync(HttpMethod.Get, $"journal/{sequence}/explain?format=text", null, 200, cancellationToken);
    }

    /// <summary>Checks the stub received <paramref name="times"/> calls matching <paramref name="match"/> (at least one when null).</summary>
    /// <exception cref="DeepLeadStubVerificationException">It did not: the message shows the closest calls and what differs.</exception>
    public Task VerifyAsync(StubCallMatch match, int? times = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var body = JsonSerializer.SerializeToNode(match, ReadOptions)!.AsObject();
        if (times is { } count)
        {
            body["times"] = count;
        }
        return VerifyCoreAsync(body.ToJsonString(), cancellationToken);
    }

    /// <summary>Checks calls matching these descriptions came in this order (others may come between).</summary>
    public Task VerifyInOrderAsync(IEnumerable<StubCallMatch> matches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return VerifyCoreAsync(JsonSerializer.Serialize(new { inOrder = matches.ToList() }, ReadOptions), cancellationToken);
    }

    /// <summary>Checks every kept call was matched by an earlier successful verification.</summary>
    public Task VerifyNoOtherCallsAsync(CancellationToken cancellationToken = default) =>
        VerifyCoreAsync("""{"noOtherCalls":true}""", cancellationToken);

    /// <summary>Checks every rule in force fired at least once since the start or the last reset.</summary>
    public Task VerifyAllRulesUsedAsync(CancellationToken cancellationToken = default) =>
        VerifyCoreAsync("""{"allRulesUsed":true}""", cancellationToken);

    private async Task VerifyCoreAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, Prefix + "verify"));
        request.Headers.Authorization = _authorization;
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        switch ((int)response.StatusCode)
        {
            case 200:
                return;
            case 417:
                throw DeepLeadStubVerificationException.From(text);
            default:
                throw DeepLeadStubException.From((int)response.StatusCode, $"POST /{Prefix}verify", text);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<IReadOnlyList<StubScenarioLayer>> UploadScenarioAsync(HttpMethod method, string scenarioJson, string? name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioJson);
        var route = name is null ? "scenarios" : "scenarios?name=" + Uri.EscapeDataString(name);
        return (await ReadAsync<StubScenarios>(method, route, scenarioJson, 200, cancellationToken).ConfigureAwait(false)).Scenarios;
    }

    private async Task<T> ReadAsync<T>(HttpMethod method, string route, string? body, int expected, CancellationToken cancellationToken)
    {
        var text = await SendAsync(method, route, body, expected, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<T>(text, ReadOptions)
            ?? throw new DeepLeadStubException(expected, $"The stub answered {method} {route} with an empty JSON value.", []);
    }

    private async Task<string> SendAsync(HttpMethod method, string route, string? body, int expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Address, Prefix + route));
        request.Headers.Authorization = _authorization;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != expected)
        {
            throw DeepLeadStubException.From((int)response.StatusCode, $"{method} /{Prefix}{route}", text);
        }
        return text;
    }

    private sealed record StubScenarios(IReadOnlyList<StubScenarioLayer> Scenarios);

    private sealed record StubRules(IReadOnlyList<JsonElement> Rules);
}
