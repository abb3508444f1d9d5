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
    private readonly ConcurrentDictionary<string, ApiKeyGrant>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public ApiKeyRegistry() => _bySpan = _grants.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Add(ApiKeyGrant grant)
    {
        if (!_grants.TryAdd(grant.Key, grant))
        {
            throw new ArgumentException($"The API key '{Redaction.ApiKey(grant.Key)}' is defined twice.");
        }
    }

    public ApiKeyGrant? Find(string key) => _grants.GetValueOrDefault(key);

    /// <summary>As above, for the key as the request carries it: no string made per call.</summary>
    public ApiKeyGrant? Find(ReadOnlySpan<char> key) => _bySpan.TryGetValue(key, out var grant) ? grant : null;

    public bool Remove(string key) => _grants.TryRemove(key, out _);

    public IEnumerable<ApiKeyGrant> All => _grants.Values;
}
