using DeepLead.Fakes.Composition;
using DeepLead.Fakes.Pipeline;

namespace DeepLead.Fakes;

/// <summary>
/// One test's private copy of a shared fake's scenario, behind its own key. Everything it does — data, rules,
/// journal — is invisible to other tenants and to the fake's configured keys.
/// </summary>
public sealed partial class DeepLeadTenant : IDisposable
{
    private readonly DeepLeadFake _fake;
    private readonly Account _account;

    internal DeepLeadTenant(DeepLeadFake fake, string apiKey, Account account, string label)
    {
        Label = label;
        _fake = fake;
        _account = account;
        ApiKey = apiKey;
        Journal = new FakeJournal(fake.World.Journal, fake.World.Sequence, account.JournalTag);
    }

    /// <summary>This tenant's key; every request with it sees only this tenant's state.</summary>
    public string ApiKey { get; }

    public Uri BaseAddress => _fake.BaseAddress;

    /// <summary>A name for logs and the journal (<c>tenant 3</c>): unlike the key, safe to print.</summary>
    public string Label { get; }

    internal DeepLeadFake Fake => _fake;

    internal Account Account => _account;

    /// <summary>A handler that reaches the fake; send this tenant's <see cref="ApiKey"/> as the bearer key.</summary>
    public HttpMessageHandler CreateHandler() => _fake.CreateHandler();

    /// <summary>The calls made with this tenant's key.</summary>
    public FakeJournal Journal { get; }

    public IReadOnlyList<FakePool> Pools => AccountState.Pools(_account);

    public IReadOnlyList<FakeInbox> Inboxes => AccountState.Inboxes(_account);

    /// <summary>An <see cref="HttpClient"/> for this tenant: base address and key preset.</summary>
    public HttpClient CreateClient()
    {
        var client = _fake.CreateClient(ApiKey);
        return client;
    }

    /// <summary>Forces behaviour for this tenant's calls only.</summary>
    public void AddRule(FakeRule rule) => _account.Rules.Add(rule);

    /// <summary>Back to the scenario's initial state, for this tenant only.</summary>
    public void Reset() => _account.Reset();

    /// <summary>Revokes the key and drops the tenant's state.</summary>
    public void Dispose() => _fake.World.Keys.Remove(ApiKey);
}
