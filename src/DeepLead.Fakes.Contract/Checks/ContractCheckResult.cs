namespace DeepLead.Fakes.Contract.Checks;

/// <summary>The outcome of one contract check, readable as one line (plus the failure's details).</summary>
/// <param name="Check">The check's name, e.g. <c>list-pools</c>.</param>
/// <param name="Passed">Whether every expectation held.</param>
/// <param name="Summary">What was verified (when passed) or what went wrong (when failed).</param>
/// <param name="Duration">How long the check took.</param>
/// <param name="Failure">The exception that failed it, when it failed.</param>
public sealed record ContractCheckResult(string Check, bool Passed, string Summary, TimeSpan Duration, Exception? Failure = null)
{
    /// <summary><c>PASS list-pools: 1 pool(s) ...</c> or <c>FAIL list-pools: ...</c>.</summary>
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Check} ({Duration.TotalMilliseconds:0} ms): {Summary}";
}

/// <summary>A contract check whose expectation did not hold; the message says which check, what was expected and what was seen.</summary>
public sealed class ContractCheckException : Exception
{
    public ContractCheckException()
        : this("A DeepLead contract check failed.")
    {
    }

    public ContractCheckException(string message)
        : base(message)
    {
        Check = "";
    }

    public ContractCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
        Check = "";
    }

    public ContractCheckException(string check, string message, Exception? innerException = null)
        : base($"Contract check '{check}' failed: {message}", innerException)
    {
        Check = check;
    }

    /// <summary>The check's name.</summary>
    public string Check { get; }
}

/// <summary>A named check of the suite, to run one at a time or all in order.</summary>
/// <param name="Name">The check's name, e.g. <c>list-pools</c>.</param>
/// <param name="Writes">True when the check creates inboxes (and, without a pool id, pools).</param>
/// <param name="RunAsync">Runs the check: returns its result, throws <see cref="ContractCheckException"/> when it fails.</param>
public sealed record ContractCheck(string Name, bool Writes, Func<CancellationToken, Task<ContractCheckResult>> RunAsync);
