namespace DeepLead.Fakes.Shadowing;

/// <summary>How <see cref="DeepLeadShadow.StartAsync"/> shadows a live account.</summary>
public sealed class ShadowOptions
{
    /// <summary>
    /// The account's key: the snapshot reads with it, and the fake accepts it with every permission (so a write the
    /// upstream is not sent still gets an answer). Requests keep their own Authorization header on both sides.
    /// </summary>
    public required string ApiKey { get; set; }

    /// <summary>Send writes (<c>POST /inboxes</c>) to the upstream too: they create real inboxes. Off by default: the fake alone answers them.</summary>
    public bool ForwardWrites { get; set; }

    /// <summary>
    /// Run every call also against one fake per <see cref="FakeVariants.All"/> reading, so that each difference one of
    /// them removes comes with that setting. On by default; costs one more in-memory copy of the account per variant.
    /// </summary>
    public bool ExplainDifferences { get; set; } = true;

    /// <summary>The transport of the fake compared with the upstream (the variants' fakes are in memory). Default in memory.</summary>
    public FakeTransport Transport { get; set; } = FakeTransport.InMemory;

    /// <summary>
    /// Changes the fake's options after the snapshot scenario is added: another scenario layer (a settings layer the
    /// report wrote, say), coverage, a clock. Applied to the variants' fakes too, without coverage or logging.
    /// </summary>
    public Action<DeepLeadFakeOptions>? ConfigureFake { get; set; }

    /// <summary>Start from this snapshot instead of taking one (it should be of the same upstream).</summary>
    public DeepLeadSnapshot? Snapshot { get; set; }

    /// <summary>Pacing for the snapshot taken at start.</summary>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>The clock for the snapshot's pacing and <c>Retry-After</c> waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Told after every page the snapshot reads.</summary>
    public IProgress<SnapshotProgress>? SnapshotProgress { get; set; }
}
