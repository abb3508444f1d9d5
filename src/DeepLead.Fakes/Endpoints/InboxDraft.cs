using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Endpoints;

/// <summary>A create item that passed validation; whether it can be created depends on the store.</summary>
internal sealed record InboxDraft(
    string EmailAddress,
    string? PoolId,
    int DailySendingLimit,
    ConnectionSettings Connection,
    IReadOnlyList<string> AutoFilledFields);

/// <summary>
/// The narrow door through which item rules (<c>failItem</c>, <c>failConnectionTest</c>) reach the create endpoint:
/// asked once per valid item, in request order, under the store's lock.
/// </summary>
internal interface IItemRules
{
    ForcedItem? Decide(System.Text.Json.JsonElement item, bool skipConnectionTest);
}

/// <summary>What an item rule forces: a failure with this status and error, or a failed connection test with this message.</summary>
internal sealed record ForcedItem(string RuleName, int? FailStatus, string? FailError, string? ConnectionTestFailure);
