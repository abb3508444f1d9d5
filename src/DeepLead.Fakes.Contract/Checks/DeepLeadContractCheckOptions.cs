namespace DeepLead.Fakes.Contract.Checks;

/// <summary>Optional settings of <see cref="DeepLeadContractChecks"/>.</summary>
public sealed class DeepLeadContractCheckOptions
{
    /// <summary>
    /// The pool the write checks create their inboxes in. When null (the default), the first write check lets the
    /// API auto-create a pool and the later ones reuse it, so test inboxes never land in a pool that sends real mail.
    /// </summary>
    public string? PoolId { get; set; }

    /// <summary>The domain of the test addresses, <c>contract-test-&lt;guid&gt;@deeplead-contract.test</c> by default.</summary>
    public string TestAddressDomain { get; set; } = DeepLeadContractChecks.DefaultTestAddressDomain;

    /// <summary>The handler requests go through (behind the contract validator); a new <see cref="SocketsHttpHandler"/> when null.</summary>
    public HttpMessageHandler? InnerHandler { get; set; }

    /// <summary>Whether <see cref="InnerHandler"/> is disposed with the checks. Default true.</summary>
    public bool DisposeInnerHandler { get; set; } = true;

    /// <summary>The contract responses are validated against; <see cref="DeepLeadContract.Default"/> when null.</summary>
    public DeepLeadContract? Contract { get; set; }

    /// <summary>Timeout of each request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most pages a walk through <c>GET /inboxes</c> reads before it stops (a bound for large accounts). Default 50.</summary>
    public int MaxPages { get; set; } = 50;

    /// <summary>The most pools the filter check compares with their filtered inbox lists. Default 20.</summary>
    public int MaxPoolsToFilter { get; set; } = 20;
}
