namespace DeepLead.Fakes.World;

/// <summary>
/// The providers the fake knows, their auto-detected domains, and their IMAP/SMTP settings: the documented seven
/// (with their real public settings), plus any a scenario adds. Provider values match ignoring case (a decision).
/// </summary>
internal sealed class ProviderCatalog
{
    public sealed record Provider(string Name, string ImapHost, int ImapPort, string SmtpHost, int SmtpPort, string[] Domains);

    public static ProviderCatalog Documented { get; } = new(
    [
        new("google", "imap.gmail.com", 993, "smtp.gmail.com", 587, ["gmail.com", "googlemail.com"]),
        new("microsoft", "outlook.office365.com", 993, "smtp.office365.com", 587, ["outlook.com", "hotmail.com", "live.com"]),
        new("yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com", 465, ["yahoo.com", "yahoo.co.uk"]),
        new("zoho", "imap.zoho.com", 993, "smtp.zoho.com", 465, ["zoho.com", "zohomail.com"]),
        new("icloud", "imap.mail.me.com", 993, "smtp.mail.me.com", 587, ["icloud.com", "me.com", "mac.com"]),
        new("godaddy", "imap.secureserver.net", 993, "smtpout.secureserver.net", 465, ["secureserver.net"]),
        new("namecheap", "mail.privateemail.com", 993, "mail.privateemail.com", 465, ["privateemail.com"]),
    ]);

    private readonly Dictionary<string, Provider> _byName;
    private readonly Dictionary<string, Provider> _byDomain;

    private ProviderCatalog(IReadOnlyList<Provider> all)
    {
        All = all;
        _byName = all.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _byDomain = new Dictionary<string, Provider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in all)
        {
            foreach (var domain in provider.Domains)
            {
                _byDomain[domain] = provider;
            }
        }
        AllowedNames = string.Join(", ", all.Select(p => p.Name));
    }

    public IReadOnlyList<Provider> All { get; }

    public string AllowedNames { get; }

    /// <summary>This catalog with <paramref name="added"/>: a provider of a known value replaces it, a domain moves to its latest provider.</summary>
    public ProviderCatalog With(IEnumerable<Provider> added)
    {
        var list = All.ToList();
        foreach (var provider in added)
        {
            var at = list.FindIndex(p => string.Equals(p.Name, provider.Name, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                list[at] = provider;
            }
            else
            {
                list.Add(provider);
            }
        }
        return new ProviderCatalog(list);
    }

    public Provider? FindByName(string name) => _byName.GetValueOrDefault(name);

    public Provider? FindByEmailDomain(string emailAddress)
    {
        var at = emailAddress.LastIndexOf('@');
        return at >= 0 ? FindByDomain(emailAddress.AsSpan(at + 1)) : null;
    }

    /// <summary>Looked up by span: a million-inbox load makes no substring per address.</summary>
    public Provider? FindByDomain(ReadOnlySpan<char> domain) =>
        _byDomain.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(domain, out var provider) ? provider : null;
}
