using DeepLead.Fakes.Api;
using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>Everything a fake serves, independent of how it is hosted: keys, the account's store, settings, clock, API.</summary>
internal sealed class FakeWorld
{
    public FakeWorld(ApiKeyRegistry keys, FakeStore store, ApiSettings settings, TimeProvider time, string primaryApiKey)
    {
        Keys = keys;
        Store = store;
        Settings = settings;
        Time = time;
        PrimaryApiKey = primaryApiKey;
        Api = new DeepLeadApi(keys, settings, time);
    }

    public ApiKeyRegistry Keys { get; }

    /// <summary>The account that the configured keys share.</summary>
    public FakeStore Store { get; }

    public ApiSettings Settings { get; }
    public TimeProvider Time { get; }
    public string PrimaryApiKey { get; }
    public DeepLeadApi Api { get; }

    public void Reset() => Store.Reset();
}
