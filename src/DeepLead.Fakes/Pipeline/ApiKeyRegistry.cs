using System.Collections.Concurrent;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Pipeline;

/// <summary>What a key may do, and whose data it sees.</summary>
internal sealed record ApiKeyGrant(string Key, IReadOnlySet<string> Permissions, Account Account)
{
    public bool Allows(string permission) => Permissions.Contains(permission);
}

/// <summary>The keys the fake accepts. Keys can be added while requests are served (tenants), hence concurrent.</summary>
internal sealed class ApiKeyRegistry
{
    private readonly ConcurrentDictionary<string, ApiKeyGrant> _grants = new(StringComparer.Ordinal);

    public void Add(ApiKeyGrant grant)
    {
        if (!_grants.TryAdd(grant.Key, grant))
        {
            throw new ArgumentException($"The API key '{Redaction.ApiKey(grant.Key)}' is defined twice.");
        }
    }

    public ApiKeyGrant? Find(string key) => _grants.GetValueOrDefault(key);

    public bool Remove(string key) => _grants.TryRemove(key, out _);

    public IEnumerable<ApiKeyGrant> All => _grants.Values;
}
