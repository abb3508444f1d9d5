namespace DeepLead.Fakes.Api.Providers;

/// <summary>The documented providers, their auto-detected domains, and their real public IMAP/SMTP settings.</summary>
internal static class ProviderCatalog
{
    public sealed record Provider(string Name, string ImapHost, int ImapPort, string SmtpHost, int SmtpPort, string[] Domains);

    public static readonly IReadOnlyList<Provider> All =
    [
        new("google", "imap.gmail.com", 993, "smtp.gmail.com", 587, ["gmail.com", "googlemail.com"]),
        new("microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587, ["outlook.com", "hotmail.com", "live.com"]),
        new("yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465, ["yahoo.com", "yahoo.co.uk"]),
        new("zoho", "imap.zoho.com", 993, "smtp.zoho.com", 465, ["zoho.com", "zohomail.com"]),
        new("icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587, ["icloud.com", "me.com", "mac.com"]),
        new("godaddy", "imap.secureserver.net", 993, "smtpout.secureserver.net", 465, ["secureserver.net"]),
        new("namecheap", "mail.privateemail.com", 993, "mail.privateemail.com", 465, ["privateemail.com"]),
    ];

    private static readonly Dictionary<string, Provider> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, Provider> ByDomain = All
        .SelectMany(p => p.Domains.Select(d => (Domain: d, Provider: p)))
        .ToDictionary(x => x.Domain, x => x.Provider, StringComparer.OrdinalIgnoreCase);

    public static string AllowedNames { get; } = string.Join(", ", All.Select(p => p.Name));

    public static Provider? FindByName(string name) => ByName.GetValueOrDefault(name);

    public static Provider? FindByEmailDomain(string emailAddress)
    {
        var at = emailAddress.LastIndexOf('@');
        return at < 0 ? null : ByDomain.GetValueOrDefault(emailAddress[(at + 1)..]);
    }
}
