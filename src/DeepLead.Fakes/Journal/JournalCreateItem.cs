namespace DeepLead.Fakes.Journal;

/// <summary>
/// One item of a <c>POST /inboxes</c> as the endpoint decided it, recorded typed: the journal's views read these,
/// never the response body, so they are exact whatever the body's size.
/// </summary>
/// <param name="Status">The call's status (a batch's failed items share its 200), as the journal has always reported it.</param>
/// <param name="ForcedBy">The rule that failed this item, if one did.</param>
internal sealed record JournalCreateItem(string? EmailAddress, string? InboxId, string? PoolId, string? Error, int Status, string? ForcedBy)
{
    public static JournalCreateItem Created(string? emailAddress, string inboxId, string poolId, int status) => new(emailAddress, inboxId, poolId, null, status, null);

    public static JournalCreateItem Failed(string? emailAddress, string error, int status, string? forcedBy) => new(emailAddress, null, null, error, status, forcedBy);
}
