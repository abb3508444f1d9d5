using DeepLead.Fakes.Rules;
using DeepLead.Fakes.Storage;
using DeepLead.Fakes.World;

namespace DeepLead.Fakes.Pipeline;

/// <summary>
/// One isolated copy of the scenario: its data and its rules. The configured keys share the primary account;
/// each tenant gets an account of its own, so parallel tests never see each other's state or forced failures.
/// </summary>
internal sealed class Account(FakeStore store, RuleSet rules, string? label = null)
{
    /// <summary>Null for the primary account; "tenant N" for a tenant. Printed in logs instead of the key.</summary>
    public string? Label { get; } = label;

    public FakeStore Store { get; } = store;
    public RuleSet Rules { get; } = rules;

    /// <summary>What journal entries point to: holding the account itself would keep a disposed tenant's data alive.</summary>
    public object JournalTag { get; } = new();

    /// <summary>Calls counted against <c>settings.rateLimit</c> with <c>per: account</c>, so tenants never throttle each other.</summary>
    public RateWindow RateWindow { get; } = new();

    /// <summary>Calls counted against <c>settings.rateLimit</c> per key (the default): a key's calls never use up another's.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RateWindow> _keyWindows = new(StringComparer.Ordinal);

    /// <summary>The window a call with <paramref name="key"/> counts against.</summary>
    public RateWindow RateWindowFor(string key, RateLimitScope per) =>
        per == RateLimitScope.Account ? RateWindow : _keyWindows.GetOrAdd(key, static _ => new RateWindow());

    public void Reset()
    {
        Store.Reset();
        Rules.Reset();
        RateWindow.Reset();
        _keyWindows.Clear();
    }
}

/// <summary>One account's fixed rate-limit window: it opens at the first call and lasts the configured seconds.</summary>
internal sealed class RateWindow
{
    private readonly Lock _gate = new();
    private long _openedAt;
    private int _calls;
    private bool _open;

    /// <summary>Counts a call; null when it is within the limit, else how long until the window closes.</summary>
    public TimeSpan? Admit(RateLimit limit, TimeProvider time)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var length = limit.WindowSeconds * time.TimestampFrequency;
            if (!_open || now - _openedAt >= length)
            {
                _open = true;
                _openedAt = now;
                _calls = 0;
            }
            _calls++;
            return _calls <= limit.Calls ? null : TimeSpan.FromSeconds((double)(length - (now - _openedAt)) / time.TimestampFrequency);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _open = false;
            _calls = 0;
        }
    }
}
