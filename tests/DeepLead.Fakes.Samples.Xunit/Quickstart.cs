using DeepLead.Fakes.Samples.Client;
using DeepLead.Fakes.Xunit;

namespace MyApp.Tests;

public sealed class QuickstartTests(DeepLeadFakeFixture deepLead) : IClassFixture<DeepLeadFakeFixture>
{
    [Fact]
    public async Task Creates_an_inbox()
    {
        using var http = deepLead.CreateClient();
        await new DeepLeadClient(http).CreateInboxAsync(new NewInbox { EmailAddress = "sales@gmail.com", ImapPassword = "app-pw" }, TestContext.Current.CancellationToken);
        Assert.Single(deepLead.Fake.Inboxes, i => i.EmailAddress == "sales@gmail.com");
    }
}
