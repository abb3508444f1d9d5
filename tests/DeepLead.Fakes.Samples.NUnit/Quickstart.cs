using DeepLead.Fakes.NUnit;
using DeepLead.Fakes.Samples.Client;

namespace MyApp.Tests;

[Parallelizable(ParallelScope.All)]
public sealed class QuickstartTests : DeepLeadTenantFixture
{
    [Test]
    public async Task Creates_an_inbox()
    {
        using var http = Tenant.CreateClient();
        await new DeepLeadClient(http).CreateInboxAsync(new NewInbox { EmailAddress = "sales@gmail.com", ImapPassword = "app-pw" });
        Assert.That(Tenant.Inboxes.Single().EmailAddress, Is.EqualTo("sales@gmail.com"));
    }
}
