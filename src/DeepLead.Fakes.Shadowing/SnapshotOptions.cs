namespace DeepLead.Fakes.Shadowing;

/// <summary>How <see cref="DeepLeadSnapshot.TakeAsync"/> reads a live account.</summary>
public sealed class SnapshotOptions
{
    /// <summary>The account's key, sent as <c>Authorization: Bearer</c> on every read; never logged or reported.</summary>
    public required string ApiKey { get; set; }

    /// <summary>At most this many requests per second (null: as fast as the source answers).</summary>
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>The page size asked for: the documented largest <c>limit</c>, 1000, by default.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How many 429/503 answers in a row one page may get (each waited out per <c>Retry-After</c>) before the snapshot gives up.</summary>
    public int MaxRetriesPerPage { get; set; } = 10;

    /// <summary>
    /// How the account's key goes into the scenario: read-only (the default: <c>pools:read</c>, <c>inboxes:read</c>),
    /// with every permission, or not at all.
    /// </summary>
    public SnapshotKey Key { get; set; } = SnapshotKey.ReadOnly;

    /// <summary>The clock for pacing and <c>Retry-After</c> waits: a fake one makes tests wait for nothing.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Told after every page read.</summary>
    public IProgress<SnapshotProgress>? Progress { get; set; }

    /// <summary>The scenario's name. Default <c>snapshot</c>.</summary>
    public string Name { get; set; } = "snapshot";
}

/// <summary>How a snapshot writes the key it read with into the scenario.</summary>
public enum SnapshotKey
{
    /// <summary><c>pools:read</c> and <c>inboxes:read</c>: tests that write need a key of their own.</summary>
    ReadOnly,

    /// <summary>Every permission.</summary>
    Writable,

    /// <summary>No key: the scenario then needs another layer (or code) to give one.</summary>
    Omit,
}

/// <summary>Where a snapshot is: pages read, inboxes read, and the source's total when it gave one.</summary>
public readonly record struct SnapshotProgress(int Pages, int Inboxes, int? Total);

/// <summary>A snapshot that could not finish: the message names the page it reached and what the source answered.</summary>
public sealed class SnapshotException : Exception
{
    public SnapshotException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public SnapshotException()
    {
    }

    public SnapshotException(string message) : base(message)
    {
    }

    /// <summary>The request that failed, e.g. <c>GET /inboxes?limit=1000&amp;skip=5000</c>.</summary>
    public string? Request { get; init; }

    /// <summary>Inboxes read before the failure.</summary>
    public int InboxesRead { get; init; }

    /// <summary>The source's status, when it answered.</summary>
    public int? Status { get; init; }
}
