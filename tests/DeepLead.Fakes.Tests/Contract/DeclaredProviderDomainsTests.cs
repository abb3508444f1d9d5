using DeepLead.Fakes.World;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DeepLead.Fakes.Tests.Contract;

/// <summary>
/// The OpenAPI document declares which email domains need no connection fields (a case-insensitive pattern, since
/// JSON Schema regexes have no flags); it must name exactly the documented provider table's domains (a scenario's added providers are beyond the document).
/// </summary>
public sealed class DeclaredProviderDomainsTests
{
    [Fact]
    public void The_documents_domain_pattern_matches_exactly_the_provider_tables_domains_in_any_case()
    {
        var document = JsonNode.Parse(DeepLeadOpenApi.Json)!;
        var pattern = document["components"]!["schemas"]!["CreateInboxRequest"]!["if"]!["properties"]!["emailAddress"]!["not"]!["pattern"]!.GetValue<string>();
        var declared = new Regex(pattern, RegexOptions.ECMAScript);
        var domains = ProviderCatalog.Documented.All.SelectMany(p => p.Domains).ToList();

        Assert.All(domains, d => Assert.Matches(declared, "x@" + d));
        Assert.All(domains, d => Assert.Matches(declared, "x@" + d.ToUpperInvariant()));
        // Every alternative in the pattern is one of the table's domains: count them rather than trust the regex.
        var alternatives = pattern.Count(c => c == '|') + 1;
        Assert.Equal(domains.Count, alternatives);
        Assert.DoesNotMatch(declared, "x@customdomain.com");
        Assert.DoesNotMatch(declared, "x@mail.gmail.com");
    }
}
