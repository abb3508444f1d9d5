namespace DeepLead.Fakes;

/// <summary>What the fake does with input whose name the documentation does not give (scenario value <c>"ignore"</c> or <c>"reject"</c>).</summary>
public enum FakeLeniency
{
    /// <summary>Accept the request, ignore the name, and report it (<c>X-DeepLead-Fake-Warning</c>, journal, log, coverage).</summary>
    Ignore,

    /// <summary>Answer 400 naming it, as a strict server would.</summary>
    Reject,
}

/// <summary>Which created items carry <c>autoFilledFields</c> (the documentation's own batch example shows it on one item of two).</summary>
public enum AutoFilledFieldsVariant
{
    /// <summary>Every created item whose connection settings were filled in lists them (the default).</summary>
    Always,

    /// <summary>No result ever carries <c>autoFilledFields</c>.</summary>
    Never,
}

/// <summary>How precise <c>createdAt</c> is (every documented example shows whole seconds).</summary>
public enum TimestampPrecision
{
    /// <summary><c>2024-01-15T10:30:00Z</c> (the default).</summary>
    Seconds,

    /// <summary><c>2024-01-15T10:30:00.123Z</c>.</summary>
    Milliseconds,
}

/// <summary>Which addresses count as "already exists" (409).</summary>
public enum EmailUniqueness
{
    /// <summary>One address per account, ignoring case (the default).</summary>
    Account,

    /// <summary>One address per account, case-sensitive: <c>A@gmail.com</c> and <c>a@gmail.com</c> are two inboxes.</summary>
    AccountCaseSensitive,

    /// <summary>One address per pool, ignoring case: the same address may live in two pools.</summary>
    Pool,
}

/// <summary>What <c>GET /inboxes?poolId=</c> answers for a well-formed id of no pool.</summary>
public enum UnknownPoolFilter
{
    /// <summary>404 "Pool not found" (the default).</summary>
    NotFound,

    /// <summary>200 with an empty page.</summary>
    EmptyPage,
}

/// <summary>What a single-object <c>POST /inboxes</c> that fails answers (the documentation shows only the batch answer).</summary>
public enum SingleCreateAnswer
{
    /// <summary>The item's status (400, 404, 409) in the documented error shape (the default).</summary>
    Status,

    /// <summary>200 with the batch envelope: <c>success: false</c> and the one failed result.</summary>
    BatchEnvelope,
}

/// <summary>The status of a batch <c>POST /inboxes</c> in which every item failed (the body is the batch envelope unless 400).</summary>
public enum FailedBatchStatus
{
    /// <summary>200 with the per-item results, as any batch (the default).</summary>
    Ok,

    /// <summary>207 Multi-Status with the per-item results.</summary>
    MultiStatus,

    /// <summary>400 in the documented error shape, one detail per item (<c>[0]</c>: its error).</summary>
    BadRequest,
}
