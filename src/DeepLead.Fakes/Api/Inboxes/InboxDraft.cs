using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes.Api.Inboxes;

/// <summary>A create item that passed validation; whether it can be created depends on the store.</summary>
internal sealed record InboxDraft(
    string EmailAddress,
    string? PoolId,
    int DailySendingLimit,
    ConnectionSettings Connection,
    IReadOnlyList<string> AutoFilledFields);

/// <summary>Why one item was not created, with the status a single-object request answers with.</summary>
internal sealed record ItemFailure(int Status, string Error, IReadOnlyList<FieldError>? Details = null)
{
    /// <summary>The rule that forced this failure, if one did.</summary>
    public string? ForcedBy { get; init; }

    public static ItemFailure Invalid(IReadOnlyList<FieldError> details) =>
        new(400, string.Join("; ", details.Select(d => d.Field.Length == 0 ? d.Message : $"{d.Field} {d.Message}")), details);

    public static ItemFailure PoolNotFound { get; } = new(404, "Pool not found");

    public static ItemFailure EmailExists { get; } = new(409, "Email already exists");

    public const string ConnectionTestPrefix = "Connection test failed: ";

    public static ItemFailure ConnectionTestFailed(string message) => new(400, ConnectionTestPrefix + message);

    /// <summary>The body of a single-object request that failed.</summary>
    public ApiResponse ToResponse() => Details is { Count: > 0 }
        ? ErrorResponses.Create(Status, ErrorResponses.ValidationFailed, Details)
        : ErrorResponses.Create(Status, Error);
}
