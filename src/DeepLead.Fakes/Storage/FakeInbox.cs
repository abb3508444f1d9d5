using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>
/// An inbox as the fake holds it now, including the stored-only settings the API never returns.
/// Passwords are not kept in clear: check them with <see cref="HasImapPassword"/> and <see cref="HasSmtpPassword"/>.
/// Immutable (the API has no update): this is the very object the fake stores, not a copy.
/// </summary>
public sealed class FakeInbox
{
    internal FakeInbox(
        string id,
        string emailAddress,
        string poolId,
        InboxStatus status,
        int dailySendingLimit,
        DateTimeOffset createdAt,
        ConnectionSettings connection)
    {
        Id = id;
        EmailAddress = emailAddress;
        PoolId = poolId;
        Status = status;
        DailySendingLimit = dailySendingLimit;
        CreatedAt = createdAt;
        Connection = connection;
    }

    /// <summary>The stored-only connection settings (never in an API response).</summary>
    internal ConnectionSettings Connection { get; }

    /// <summary>
    /// The inbox's API representation, kept for the renderer (which alone writes and reads it) so a page is a
    /// concatenation. Storage never looks inside; a race only renders the same bytes twice.
    /// </summary>
    internal byte[]? Representation { get; set; }

    public string Id { get; }
    public string EmailAddress { get; }
    public string PoolId { get; }
    public InboxStatus Status { get; }
    public int DailySendingLimit { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The provider given or detected from the domain; null for a custom domain.</summary>
    public string? Provider => Connection.Provider;
    public string? ImapHost => Connection.ImapHost;
    public int? ImapPort => Connection.ImapPort;
    public string? SmtpHost => Connection.SmtpHost;
    public int? SmtpPort => Connection.SmtpPort;
    /// <summary>The IMAP username: the one given, else the address.</summary>
    public string? ImapUsername => Connection.ImapUsername ?? EmailAddress;
    /// <summary>The SMTP username: the one given, else the address.</summary>
    public string? SmtpUsername => Connection.SmtpUsername ?? EmailAddress;

    /// <summary>True when an IMAP password was stored (which one: <see cref="HasImapPassword"/>).</summary>
    public bool ImapPasswordGiven => Connection.ImapPasswordHash is not null;

    /// <summary>True when an SMTP password was stored (given, or defaulted to the IMAP password).</summary>
    public bool SmtpPasswordGiven => Connection.SmtpPasswordHash is not null;

    /// <summary>True when the create asked to skip the connection test.</summary>
    public bool SkipConnectionTest => Connection.SkipConnectionTest;

    /// <summary>True when the inbox was created with this IMAP password.</summary>
    public bool HasImapPassword(string password) => Connection.ImapPasswordHash is { } hash && hash == SecretHash.Of(password);

    /// <summary>True when the inbox's SMTP password (which defaults to the IMAP password) is this one.</summary>
    public bool HasSmtpPassword(string password) => Connection.SmtpPasswordHash is { } hash && hash == SecretHash.Of(password);

    public override string ToString() => $"{EmailAddress} ({Id}, pool {PoolId}, {Status.ToApiValue()})";
}
