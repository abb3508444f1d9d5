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
