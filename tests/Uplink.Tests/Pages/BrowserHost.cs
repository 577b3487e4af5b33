using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Pages;

/// <summary>
/// What the browser tests share: one Debian Chromium driven by Playwright; Uplink on Kestrel at
/// 127.0.0.1 (an address Telegram refuses in URL buttons, so links ride in captions) with its fake
/// Telegram; a second Uplink on a fake clock for what time decides; and a page server on two more
/// loopback origins, one listed in <c>Cors:AllowedOrigins</c> and one not.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private readonly List<(string Test, IBrowserContext Context)> _contexts = [];
    private WebApplication _otherSites = null!;

    public FakeBotApi Telegram { get; private set; } = null!;

    public UplinkApp App { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    /// <summary>The host whose clock the tests move (it shares the fake Telegram but does not poll it).</summary>
    public UplinkApp ClockedApp { get; private set; } = null!;

    public string ClockedUrl { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An origin listed in <c>Cors:AllowedOrigins</c>.</summary>
    public string AllowedOrigin { get; private set; } = null!;

    /// <summary>An origin that is not.</summary>
    public string OtherOrigin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (port, clockedPort, allowedPort, otherPort) = (Ports.Free(), Ports.Free(), Ports.Free(), Ports.Free());
        BaseUrl = $"http://127.0.0.1:{port}";
        ClockedUrl = $"http://127.0.0.1:{clockedPort}";
        AllowedOrigin = $"http://127.0.0.1:{allowedPort}";
        OtherOrigin = $"http://127.0.0.1:{otherPort}";
        Telegram = await FakeBotApi.StartAsync();
        App = new UplinkApp(Telegram, new Dictionary<string, string?>
        {
            ["Site:PublicUrl"] = BaseUrl,
            ["Auth:LoginPollInterval"] = "00:00:01",
            ["Cors:AllowedOrigins:0"] = AllowedOrigin,
        });
        App.UseKestrel(port);
        App.StartServer();
        await Telegram.WaitForCallAsync("setMyCommands");
        ClockedApp = new UplinkApp(Telegram, new Dictionary<string, string?>
        {
            ["Site:PublicUrl"] = ClockedUrl,
            ["Telegram:Mode"] = "None",
        }, time: Clock);
        ClockedApp.UseKestrel(clockedPort);
        ClockedApp.StartServer();
        _otherSites = await StartOtherSitesAsync(AllowedOrigin, OtherOrigin);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _otherSites.DisposeAsync();
        await ClockedApp.DisposeAsync();
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context (its own cookies) and a page in it. The collection's tests run one at a
    /// time, so the contexts of earlier tests are closed here: left open, their pages (a /login
    /// waiting on its event stream, a polling script) keep connections and server work going for the
    /// rest of the run.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var test = TestContext.Current.Test?.UniqueID ?? "";
        foreach (var (owner, earlier) in _contexts.Where(c => c.Test != test).ToList())
        {
            _contexts.Remove((owner, earlier));
            await earlier.CloseAsync();
        }

        var context = await Browser.NewContextAsync();
        _contexts.Add((test, context));
        return await context.NewPageAsync();
    }

    /// <summary>A page of its own (its own cookies) that records what the Content-Security-Policy refused.</summary>
    public async Task<(IPage Page, List<string> Refusals)> NewWatchedPageAsync()
    {
        var page = await NewPageAsync();
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

    /// <summary>Waits for the redirect of a login to the member's own page.</summary>
    public Task LandsOnMeAsync(IPage page) => ArrivesAtAsync(page, $"{BaseUrl}/me");

    /// <summary>Waits for the page to reach <paramref name="url"/>; a miss says what the page showed instead.</summary>
    /// <remarks>
    /// Reads the page's URL rather than calling <c>WaitForURLAsync</c>: when the redirect has already
    /// landed, that call waits for a load state, and twice in full-suite runs it waited out its whole
    /// timeout on a page that was at the URL with its content shown. What a test reads next waits for
    /// its own elements.
    /// </remarks>
    public static async Task ArrivesAtAsync(IPage page, string url)
    {
        // Generous: the machine may be busy running the rest of the suite.
        var deadline = TimeProvider.System.GetTimestamp() + (long)(90 * TimeProvider.System.TimestampFrequency);
        while (!string.Equals(page.Url, url, StringComparison.Ordinal))
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                var shown = await page.TextContentAsync("main", new PageTextContentOptions { Timeout = 5_000 });
                throw new Xunit.Sdk.XunitException($"The page did not reach {url}; at {page.Url} it shows: {shown}");
            }

            await Task.Delay(25);
        }

        await page.Locator("main").WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
    }

    /// <summary>Another web site on two loopback origins: an empty page to run a script from.</summary>
    private static async Task<WebApplication> StartOtherSitesAsync(params string[] origins)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origins);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!DOCTYPE html><title>Community site</title><main>community</main>", "text/html"));
        await app.StartAsync();
        return app;
    }
}

[CollectionDefinition(nameof(BrowserHost))]
public sealed class BrowserHostCollection : ICollectionFixture<BrowserHost>;
