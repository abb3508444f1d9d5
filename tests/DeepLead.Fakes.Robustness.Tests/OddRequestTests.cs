using DeepLead.Fakes.Robustness.Tests.Fuzz;
using DeepLead.Fakes.Robustness.Tests.Support;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// Every odd path and every odd query the fuzzer knows (<see cref="FuzzGenerator.OddPaths"/>, <see cref="FuzzGenerator.OddQueries"/>),
/// each sent once, byte for byte, on every run: the random fuzz meets them only now and then. Over the port they used to
/// reach WireMock.Net's own code (its "No matching mapping found", or its parser's exception as a 500 with a stack trace).
/// </summary>
public sealed class OddRequestTests
{
    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task Odd_paths_and_queries_get_the_documented_status_and_shape(FakeTransport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DeepLeadFakeOptions { Transport = transport };
        options.Scenarios.Add(ScenarioSource.Shipped("default"));
        await using var fake = await DeepLeadFake.StartAsync(options, ct);
        var generator = new FuzzGenerator(0, new FuzzKeys("dl_your_api_key_here", "dl_read_only_key", "-", "-", "-"));
        var requests = new List<FuzzRequest>();
        foreach (var path in FuzzGenerator.OddPaths)
        {
            requests.Add(generator.Odd(requests.Count, "GET", path, ""));
            requests.Add(generator.Odd(requests.Count, "DELETE", path, "?limit=1&LIMIT=2"));
        }
        foreach (var query in FuzzGenerator.OddQueries)
        {
            requests.Add(generator.Odd(requests.Count, "GET", "/api/v1/inboxes", "?" + query));
            requests.Add(generator.Odd(requests.Count, "GET", "/api/v1/pools", "?" + query));
            requests.Add(generator.Odd(requests.Count, "GET", "/api/v2/inboxes", "?" + query));
        }
        using var client = new HttpClient(fake.CreateHandler(), disposeHandler: true);
        var failures = new List<string>();

        foreach (var request in requests)
        {
            var message = new HttpRequestMessage(new HttpMethod(request.Method), FuzzRequest.Target(fake.BaseAddress, request.PathAndQuery));
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
            var exchange = await Wire.SendAsync(client, message, ct);
            var problems = Contract.Problems(exchange, Contract.EndpointOf(request.Method, request.PathAndQuery.Split('?')[0]));
            if (!request.Allowed.Contains(exchange.Status))
            {
                problems.Add($"status {exchange.Status}, documented: {string.Join("/", request.Allowed)}");
            }
            if (problems.Count > 0)
            {
                failures.Add($"{string.Join("; ", problems)} — {request} — got {exchange}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} odd requests ({transport}):\n{string.Join("\n", failures)}");
    }
}
