using System.Net.Http.Headers;
using DeepLead.Fakes.Scenarios;
using DeepLead.Fakes.Transports;

namespace DeepLead.Fakes;

/// <summary>
/// A running fake of the DeepLead API. Start one per test (it takes milliseconds) or share one and
/// <see cref="Reset"/> it between tests.
/// <code>
/// await using var fake = await DeepLeadFake.StartAsync();
/// using var client = fake.CreateClient();
/// var pools = await client.GetStringAsync("pools");
/// </code>
/// </summary>
public sealed class DeepLeadFake : IAsyncDisposable, IDisposable
{
    private readonly FakeWorld _world;
    private readonly WireMockTransport _transport;
    private int _disposed;

    private DeepLeadFake(FakeWorld world, WireMockTransport transport)
    {
        _world = world;
        _transport = transport;
        BaseAddress = new Uri(transport.RootAddress, "api/v1/");
    }

    /// <summary>
    /// Starts a fake on 127.0.0.1 (a free port unless <see cref="DeepLeadFakeOptions.Port"/> says otherwise).
    /// Throws <see cref="ScenarioException"/> for a scenario that cannot be loaded.
    /// </summary>
    public static Task<DeepLeadFake> StartAsync(DeepLeadFakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new DeepLeadFakeOptions();
        var world = WorldBuilder.Build(options);
        var transport = WireMockTransport.Start(world.Api, options.Host, options.Port, options.EnableWireMockAdmin);
        return Task.FromResult(new DeepLeadFake(world, transport));
    }

    /// <summary>The API's base address, ending in <c>/api/v1/</c>: relative paths like <c>"pools"</c> resolve under it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The server's root address (the API lives under <c>api/v1/</c>).</summary>
    internal Uri RootAddress => _transport.RootAddress;

    /// <summary>A key with every permission (the first such key configured, else the first key).</summary>
    public string ApiKey => _world.PrimaryApiKey;

    /// <summary>An <see cref="HttpClient"/> with <see cref="BaseAddress"/> and a bearer key preset (<see cref="ApiKey"/> unless given).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? ApiKey);
        return client;
    }

    /// <summary>Back to the initial state: the scenarios' and options' pools and inboxes, and the same id sequence.</summary>
    public void Reset() => _world.Reset();

    /// <summary>The pools as the fake holds them now, in list order.</summary>
    public IReadOnlyList<FakePool> Pools => _world.Store.Read(reader =>
        reader.PoolsInOrder().Select(p => new FakePool(p.Pool.Id, p.Pool.Name, p.InboxCount, p.Pool.CreatedAt)).ToList());

    /// <summary>The inboxes as the fake holds them now, in list order, with their stored-only settings.</summary>
    public IReadOnlyList<FakeInbox> Inboxes => _world.Store.Read(reader =>
        reader.InboxesInOrder().Select(i => new FakeInbox(i)).ToList());

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.Dispose();
        }
    }
}
