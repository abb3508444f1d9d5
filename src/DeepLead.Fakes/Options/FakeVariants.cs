namespace DeepLead.Fakes;

/// <summary>
/// One plausible reading of the documentation where it is silent: a named setting and value, applied to fake options.
/// Run a test under every one (<see cref="FakeVariants.All"/>) to check a client against each reading.
/// </summary>
public sealed class FakeVariant
{
    private readonly Action<DeepLeadFakeOptions> _apply;

    internal FakeVariant(string setting, string value, Action<DeepLeadFakeOptions> apply)
    {
        Setting = setting;
        Value = value;
        _apply = apply;
    }

    /// <summary>The scenario setting this variant switches (<c>emailUniqueness</c>), or <c>default</c> for today's behaviour.</summary>
    public string Setting { get; }

    /// <summary>The setting's value, as written in a scenario's <c>settings</c> (<c>pool</c>).</summary>
    public string Value { get; }

    /// <summary>Switches the options to this variant (the other settings keep their defaults).</summary>
    public void Apply(DeepLeadFakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apply(options);
    }

    /// <summary><c>emailUniqueness=pool</c>: what test runners print as the case's name.</summary>
    public override string ToString() => Setting == FakeVariants.DefaultName ? FakeVariants.DefaultName : $"{Setting}={Value}";
}

/// <summary>Every switchable guess of the fake, as variants to run one test under each.</summary>
public static class FakeVariants
{
    internal const string DefaultName = "default";

    /// <summary>
    /// The defaults first, then each non-default value of each guess: <c>autoFilledFields=never</c>,
    /// <c>timestampPrecision=milliseconds</c>, <c>emailUniqueness=accountCaseSensitive</c>, <c>emailUniqueness=pool</c>,
    /// <c>unknownPoolFilter=emptyPage</c>, <c>maxBatchSize=null</c> (no limit), <c>singleCreateAnswer=batchEnvelope</c>,
    /// <c>failedBatchStatus=multiStatus</c>, <c>failedBatchStatus=badRequest</c>.
    /// </summary>
    public static IReadOnlyList<FakeVariant> All { get; } =
    [
        new(DefaultName, DefaultName, _ => { }),
        new("autoFilledFields", "never", o => o.AutoFilledFields = AutoFilledFieldsVariant.Never),
        new("timestampPrecision", "milliseconds", o => o.TimestampPrecision = TimestampPrecision.Milliseconds),
        new("emailUniqueness", "accountCaseSensitive", o => o.EmailUniqueness = EmailUniqueness.AccountCaseSensitive),
        new("emailUniqueness", "pool", o => o.EmailUniqueness = EmailUniqueness.Pool),
        new("unknownPoolFilter", "emptyPage", o => o.UnknownPoolFilter = UnknownPoolFilter.EmptyPage),
        new("maxBatchSize", "null", o => o.MaxBatchSize = DeepLeadFakeOptions.NoBatchLimit),
        new("singleCreateAnswer", "batchEnvelope", o => o.SingleCreateAnswer = SingleCreateAnswer.BatchEnvelope),
        new("failedBatchStatus", "multiStatus", o => o.FailedBatchStatus = FailedBatchStatus.MultiStatus),
        new("failedBatchStatus", "badRequest", o => o.FailedBatchStatus = FailedBatchStatus.BadRequest),
    ];
}
