using DeepLead.Fakes.Contract.Checks;

namespace DeepLead.Fakes.Contract.Tests.Support;

/// <summary>
/// Where the contract suite runs. By default against a fresh fake (the default scenario). With
/// <c>DEEPLEAD_BASE_URL</c> and <c>DEEPLEAD_API_KEY</c> set, the read checks run against that server instead; the write
/// checks too only when <c>DEEPLEAD_CONTRACT_WRITES=1</c> (they create clearly marked inboxes that cannot be deleted).
/// A check that does not go to the real server still runs, against the fake: nothing is skipped.
/// </summary>
internal sealed class ContractTarget : IAsyncDisposable
{
    public const string BaseUrlVariable = "DEEPLEAD_BASE_URL";
    public const string ApiKeyVariable = "DEEPLEAD_API_KEY";
    public const string WritesVariable = "DEEPLEAD_CONTRACT_WRITES";

    private ContractTarget(Uri baseUrl, string apiKey, DeepLeadFake? fake)
    {
        BaseUrl = baseUrl;
        ApiKey = apiKey;
        Fake = fake;
    }

    public Uri BaseUrl { get; }

    public string ApiKey { get; }

    /// <summary>The fake when the checks run against it; null against a real server.</summary>
    public DeepLeadFake? Fake { get; }

    public override string ToString() => Fake is null ? $"the server at {BaseUrl}" : $"the fake at {BaseUrl}";

    /// <summary>The real server (URL and key) the environment asks for, or null for the fake.</summary>
    /// <exception cref="InvalidOperationException">Only one of the URL and the key is set, or the URL is not absolute.</exception>
    public static (Uri BaseUrl, string ApiKey)? RemoteFrom(Func<string, string?> environment, bool writes)
    {
        var url = environment(BaseUrlVariable);
        var key = environment(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(url) && string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                $"Set both {BaseUrlVariable} and {ApiKeyVariable} to run the contract checks against a real server, or neither to run them against the fake.");
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var baseUrl))
        {
            throw new InvalidOperationException($"{BaseUrlVariable} must be an absolute URL such as https://app.deeplead.com/api/v1/, not '{url}'.");
        }
        if (writes && environment(WritesVariable)?.Trim() != "1")
        {
            return null;
        }
        return (baseUrl, key.Trim());
    }

    public static Task<ContractTarget> ForReadsAsync() => StartAsync(writes: false);

    public static Task<ContractTarget> ForWritesAsync() => StartAsync(writes: true);

    private static async Task<ContractTarget> StartAsync(bool writes)
    {
        if (RemoteFrom(Environment.GetEnvironmentVariable, writes) is { } remote)
        {
            return new ContractTarget(remote.BaseUrl, remote.ApiKey, null);
        }
        var fake = await TestFakes.StartDefaultAsync();
        return new ContractTarget(fake.BaseAddress, TestFakes.DocumentedApiKey, fake);
    }

    public DeepLeadContractChecks CreateChecks(DeepLeadContractCheckOptions? options = null) => new(BaseUrl, ApiKey, options);

    public async ValueTask DisposeAsync()
    {
        if (Fake is not null)
        {
            await Fake.DisposeAsync();
        }
    }
}
