using Microsoft.Playwright;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Pages;

/// <summary>
/// Uplink on Kestrel at 127.0.0.1 and Debian's Chromium driven by Playwright, shared by the browser
/// tests of a collection: one host and one browser start once, each test opens its own pages.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright _playwright = null!;

    public FakeBotApi Telegram { get; private set; } = null!;

    public UplinkApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var port = Ports.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        Telegram = await FakeBotApi.StartAsync();
        App = new UplinkApp(Telegram, new Dictionary<string, string?> { ["Site:PublicUrl"] = BaseUrl });
        App.UseKestrel(port);
        App.StartServer();
        await Telegram.WaitForCallAsync("setMyCommands");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
    }

    /// <summary>A page of its own (its own cookies) that records what the Content-Security-Policy refused.</summary>
    public async Task<(IPage Page, List<string> Refusals)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var refusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refusals.Add(message.Text);
            }
        };
        return (page, refusals);
    }

    /// <summary>
    /// Waits for the redirect to /me; the machine may be busy running the rest of the suite, so the
    /// wait is generous, and a miss says what the page showed instead.
    /// </summary>
    public async Task LandsOnMeAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync($"{BaseUrl}/me", new PageWaitForURLOptions { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            var shown = await page.TextContentAsync("main");
            throw new Xunit.Sdk.XunitException($"The login did not reach /me; at {page.Url} the page shows: {shown}");
        }
    }
}

[CollectionDefinition(nameof(BrowserHost))]
public sealed class BrowserHostCollection : ICollectionFixture<BrowserHost>;
