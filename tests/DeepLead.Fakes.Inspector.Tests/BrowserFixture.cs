using Microsoft.Playwright;

namespace DeepLead.Fakes.Inspector.Tests;

/// <summary>
/// One Chromium for the whole run: Debian's (<c>apt-get install chromium</c>; Playwright cannot download its own here).
/// Without it every browser test fails and says so; none is skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The inspector's browser tests need Chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' (.ci/run does when it is missing).");
        }
        // A slow, shared machine: conditions get time to come true, never a sleep.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>A fake, its inspector open in a fresh browser context, and everything the page logged or tried.</summary>
public sealed class InspectorSession : IAsyncDisposable
{
    private InspectorSession(DeepLeadFake fake, IBrowserContext context, IPage page, Uri address)
    {
        Fake = fake;
        Context = context;
        Page = page;
        Address = address;
    }

    public DeepLeadFake Fake { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public Uri Address { get; }

    /// <summary>Dialogs the page opened (an <c>alert</c> from injected markup would land here).</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Errors the page's script threw, and console errors (a CSP refusal is one).</summary>
    public List<string> PageErrors { get; } = [];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<InspectorSession> OpenAsync(BrowserFixture browser, Action<DeepLeadFakeOptions>? configure = null, bool open = true)
    {
        var options = new DeepLeadFakeOptions { Clock = new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero), Seed = 7 };
        configure?.Invoke(options);
        var fake = await DeepLeadFake.StartAsync(options, Ct);
        var address = await fake.StartInspectorAsync(Ct);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var session = new InspectorSession(fake, context, page, address);
        page.Dialog += async (_, dialog) =>
        {
            session.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => session.PageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.PageErrors.Add(message.Text);
            }
        };
        if (open)
        {
            await session.GotoAsync();
        }
        return session;
    }

    /// <summary>Opens the page and waits until it has read its first data (the script marks the body).</summary>
    public async Task GotoAsync()
    {
        await Page.GotoAsync(Address.AbsoluteUri);
        await Assertions.Expect(Page.Locator("body[data-ready='true']")).ToHaveCountAsync(1);
    }

    public Task ShowAsync(string view) => Page.Locator($".tab[data-view='{view}']").ClickAsync();

    public ILocator Rows => Page.Locator("#calls-spacer button.call");

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
