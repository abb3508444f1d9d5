using DeepLead.Fakes.Storage;

namespace DeepLead.Fakes;

/// <summary>
/// An inbox as the fake holds it now, including the stored-only settings the API never returns.
/// Passwords are not kept in clear: check them with <see cref="HasImapPassword"/> and <see cref="HasSmtpPassword"/>.
/// </summary>
public sealed class FakeInbox
{
    internal FakeInbox(InboxRecord record)
    {
        Id = record.Id;
        EmailAddress = record.EmailAddress;
        PoolId = record.PoolId;
        Status = record.Status;
        DailySendingLimit = record.DailySendingLimit;
        CreatedAt = record.CreatedAt;
        Provider = record.Connection.Provider;
        ImapHost = record.Connection.ImapHost;
        ImapPort = record.Connection.ImapPort;
        SmtpHost = record.Connection.SmtpHost;
        SmtpPort = record.Connection.SmtpPort;
        ImapUsername = record.Connection.ImapUsername;
        SmtpUsername = record.Connection.SmtpUsername;
        _imapPasswordHash = record.Connection.ImapPasswordHash;
        _smtpPasswordHash = record.Connection.SmtpPasswordHash;
    }

    private readonly string? _imapPasswordHash;
    private readonly string? _smtpPasswordHash;

    public string Id { get; }
    public string EmailAddress { get; }
    public string PoolId { get; }
    public InboxStatus Status { get; }
    public int DailySendingLimit { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The provider given or detected from the domain; null for a custom domain.</summary>
    public string? Provider { get; }
    public string? ImapHost { get; }
    public int? ImapPort { get; }
    public string? SmtpHost { get; }
    public int? SmtpPort { get; }
    public string? ImapUsername { get; }
    public string? SmtpUsername { get; }

    /// <summary>True when the inbox was created with this IMAP password.</summary>
    public bool HasImapPassword(string password) => _imapPasswordHash is not null && _imapPasswordHash == SecretHash.Of(password);

    /// <summary>True when the inbox's SMTP password (which defaults to the IMAP password) is this one.</summary>
    public bool HasSmtpPassword(string password) => _smtpPasswordHash is not null && _smtpPasswordHash == SecretHash.Of(password);

    public override string ToString() => $"{EmailAddress} ({Id}, pool {PoolId}, {Status.ToApiValue()})";
}
