using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Reflection;
using System.Text;
using DeepLead.Fakes.Robustness.Tests.Support;
using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes.Robustness.Tests;

/// <summary>
/// A full mix of traffic with distinctive passwords and keys; then everything the fake emitted — response bodies and
/// headers, every log line at Trace, every journal entry, the state dump, exception messages — is scanned for them.
/// The redacted form of a key (<c>dl_s…(24)</c>) is fine; the key in clear is not.
/// </summary>
public sealed class SecretsTests
{
    private const string FullKey = "dl_secretkey_full_7Q2xZ9wV";
    private const string ReadKey = "dl_secretkey_read_4Kp8LmTr";

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            Lines.Enqueue("scope: " + state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {eventId} {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
            Lines.Enqueue(line.ToString());
        }
    }

    [Theory]
    [InlineData(FakeTransport.WireMock)]
    [InlineData(FakeTransport.InMemory)]
    public async Task No_password_or_api_key_sent_appears_in_clear_anywhere_the_fake_writes(FakeTransport transport)
    {
        var ct = TestContext.Current.CancellationToken;
        var logger = new CapturingLogger();
        var options = new DeepLeadFakeOptions { Transport = transport, Logger = logger, Clock = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero) };
        options.ApiKeys.Add(new FakeApiKey(FullKey));
        options.ApiKeys.Add(new FakeApiKey(ReadKey, [Permissions.PoolsRead, Permissions.InboxesRead]));
        options.Pools.Add(new PoolDefinition { Id = "65e0000000000000000000a1", Name = "Main Pool" });
        options.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@broken.example").FailConnectionTest("IMAP login failed"));
        options.Rules.Add(FakeRule.On("POST", "/inboxes").WhereBody("emailAddress", "*@reject.example").FailItem(409, "Mailbox rejected"));
        await using var fake = await DeepLeadFake.StartAsync(options, ct);
        using var tenant = fake.CreateTenant();
        using var client = Wire.Client(fake);

        var secrets = new List<string> { FullKey, ReadKey, tenant.ApiKey };
        var emitted = new List<string>();
        string Password(string kind)
        {
            var secret = $"{kind}-Secret-{secrets.Count:D3}-qZ7x";
            secrets.Add(secret);
            return secret;
        }

        async Task Send(string method, string path, string? authorization, string? body, string? contentType = "application/json")
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }
            var exchange = await Wire.SendAsync(client, request, ct);
            emitted.Add($"{exchange.Status} {exchange.Body}");
            emitted.AddRange(exchange.Headers.Select(h => $"{h.Key}: {h.Value}"));
        }

        string Item(string email, string? extra = null) => $$"""{"emailAddress": "{{email}}", "imapPassword": "{{Password("imap")}}", "smtpPassword": "{{Password("smtp")}}"{{extra}}}""";

        var bearer = "Bearer " + FullKey;
        // Successes, single and batch, auto-created pool and given pool.
        await Send("POST", "inboxes", bearer, Item("one@gmail.com"));
        await Send("POST", "inboxes", bearer, "[" + Item("two@gmail.com") + "," + Item("three@outlook.com", ", \"poolId\": \"65e0000000000000000000a1\"") + "]");
        await Send("POST", "inboxes", "Bearer " + tenant.ApiKey, Item("tenant@gmail.com"));
        // Failures: duplicate, unknown pool, invalid fields next to passwords, forced item failure, connection test failure.
        await Send("POST", "inboxes", bearer, Item("ONE@gmail.com"));
        await Send("POST", "inboxes", bearer, Item("four@gmail.com", ", \"poolId\": \"0123456789abcdef01234567\""));
        await Send("POST", "inboxes", bearer, Item("not-an-email", ", \"imapPort\": \"993\", \"provider\": \"aol\""));
        await Send("POST", "inboxes", bearer, "[" + Item("bad") + "," + Item("x@reject.example") + "," + Item("y@broken.example") + "," + Item("one@gmail.com") + "]");
        await Send("POST", "inboxes", bearer, Item("z@broken.example"));
        await Send("POST", "inboxes", bearer, $$"""{"emailAddress": "p@gmail.com", "imapPassword": 12345, "smtpPassword": ["{{Password("arr")}}"]}""");
        // Bad input carrying passwords: truncated JSON, wrong content type, form encoding, oversized and too-large batches, a query on POST.
        var truncated = Item("t@gmail.com");
        await Send("POST", "inboxes", bearer, truncated[..(truncated.Length - 5)]);
        await Send("POST", "inboxes", bearer, Item("u@gmail.com"), "text/plain");
        await Send("POST", "inboxes", bearer, $"emailAddress=v%40gmail.com&imapPassword={Password("form")}", "application/x-www-form-urlencoded");
        await Send("POST", "inboxes", bearer, "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => Item($"batch{i}@gmail.com"))) + "]");
        await Send("POST", "inboxes", bearer, $$"""{"emailAddress": "w@gmail.com", "imapPassword": "{{Password("big")}}{{new string('x', 1024 * 1024)}}"}""");
        await Send("POST", "inboxes?dryRun=1", bearer, Item("q@gmail.com"));
        await Send("POST", "inboxes", "Bearer " + ReadKey, Item("readonly@gmail.com"));
        // Lists, with and without errors.
        await Send("GET", "inboxes?limit=1000", bearer, null);
        await Send("GET", "inboxes?limit=0&status=gone", bearer, null);
        await Send("GET", "pools", "Bearer " + ReadKey, null);
        // Unauthorized calls with distinctive bogus keys, in every form.
        foreach (var authorization in new[] { "Bearer dl_bogus_Secret_9f8e7d6c", "bearer dl_bogus_Secret_1a2b3c4d", "Basic dl_bogus_Secret_5e6f7a8b", "dl_bogus_Secret_0c1d2e3f", "Bearer " + FullKey.ToUpperInvariant(), "Bearer " + FullKey + "X" })
        {
            secrets.Add(authorization.Split(' ')[^1]);
            await Send("GET", "pools", authorization, null);
            await Send("POST", "inboxes", authorization, Item("unauth@gmail.com"));
        }
        await Send("DELETE", "inboxes", bearer, Item("del@gmail.com"));
        await Send("GET", "nowhere", bearer, null);

        // Exception messages: a key defined twice.
        var twice = new DeepLeadFakeOptions { Transport = FakeTransport.InMemory };
        twice.ApiKeys.Add(new FakeApiKey("dl_twice_Secret_77aa88bb"));
        twice.ApiKeys.Add(new FakeApiKey("dl_twice_Secret_77aa88bb"));
        secrets.Add("dl_twice_Secret_77aa88bb");
        var startError = await Record.ExceptionAsync(async () => await (await DeepLeadFake.StartAsync(twice, ct)).DisposeAsync());
        emitted.Add(startError?.ToString() ?? "");

        // Everything the fake wrote: log lines, journal entries (every field), state dumps.
        Assert.NotEmpty(logger.Lines);
        emitted.AddRange(logger.Lines);
        foreach (var call in fake.Journal.Calls.Concat(tenant.Journal.Calls))
        {
            emitted.Add(call.ToString());
            emitted.Add(string.Join(" | ", call.Method, call.Path, call.Query, call.ApiKey, call.RequestBody, call.ResponseBody, call.ForcedBy, call.Fault, call.Status));
        }
        Assert.True(fake.Journal.Calls.Count >= 30, "the journal recorded the traffic");
        foreach (var state in new object[] { fake.Inboxes, fake.Pools, tenant.Inboxes, tenant.Pools })
        {
            foreach (var item in (System.Collections.IEnumerable)state)
            {
                emitted.Add(item.ToString()!);
                emitted.AddRange(item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{p.Name}={p.GetValue(item)}"));
            }
        }
        Assert.Contains(fake.Inboxes, i => i.HasImapPassword(secrets[3]));

        var leaks = (from secret in secrets
                     from line in emitted
                     where line.Contains(secret, StringComparison.Ordinal)
                     select $"'{secret}' in: {(line.Length > 300 ? line[..300] + "…" : line)}").ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks.Take(20)));
        // The redacted form is there, so the scan looked at the right places.
        Assert.Contains(emitted, line => line.Contains("dl_s…(26)", StringComparison.Ordinal));
        Assert.Contains(emitted, line => line.Contains("\"***\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_fake_listens_on_loopback_only_by_default()
    {
        await using var fake = await DeepLeadFake.StartAsync(new DeepLeadFakeOptions(), TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", fake.BaseAddress.Host);
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(e => e.Port == fake.BaseAddress.Port).ToList();
        Assert.NotEmpty(listeners);
        Assert.All(listeners, endpoint => Assert.True(IPAddress.IsLoopback(endpoint.Address), $"listening on {endpoint}"));
    }
}
