using Microsoft.Playwright;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Pages;

/// <summary>
/// The login journey in a real browser: Debian's Chromium driven by Playwright, against Uplink on
/// Kestrel at 127.0.0.1 — an address Telegram refuses in URL buttons, so the link rides in the caption.
/// </summary>
public sealed class BrowserLoginTests : IAsyncLifetime
{
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = null!;

    public async ValueTask InitializeAsync()
    {
        var port = Ports.Free();
        _baseUrl = $"http://127.0.0.1:{port}";
        _telegram = await FakeBotApi.StartAsync();
        _app = new UplinkApp(_telegram, new Dictionary<string, string?> { ["Site:PublicUrl"] = _baseUrl });
        _app.UseKestrel(port);
        _app.StartServer();
        await _telegram.WaitForCallAsync("setMyCommands");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_member_logs_in_from_the_qr_edits_the_bio_and_is_logged_out_from_the_bot()
    {
        var alice = _telegram.NewUser("Alice", "en", "Smith");
        var code = CodeIn(await alice.SendAsync("/start"));
        var qr = await alice.SendAsync("/qr", m => m.Method == "sendPhoto");
        var link = await AuthSteps.DecodeQrAsync(qr.Photo!);
        Assert.StartsWith($"{_baseUrl}/auth/callback?code=", link);
        Assert.Empty(qr.Buttons);
        Assert.Contains(link, qr.Plain);

        var page = await _browser.NewPageAsync();
        // The Content-Security-Policy allows no inline script or style: the browser would say so here.
        var refusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refusals.Add(message.Text);
            }
        };
        await page.GotoAsync(link);
        var before = _telegram.Sequence;
        await page.ClickAsync("#login");
        await LandsOnMeAsync(page);
        Assert.Equal("Alice Smith", await page.TextContentAsync("#name"));

        await page.FillAsync("#bio", "Hello from a real browser");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");
        using var http = new HttpClient();
        var publicPage = await http.GetStringAsync($"{_baseUrl}/u/{code}");
        Assert.Contains("Hello from a real browser", publicPage);

        var notice = await alice.NextMessageAsync(before);
        Assert.Contains("New login: Chrome on Linux from 127.0.0.1", notice.Plain);
        await alice.PressAsync(notice.CallbackData.Single(), notice);
        await page.ReloadAsync();
        Assert.Contains("You are not logged in", await page.TextContentAsync("h1"));
        Assert.Empty(refusals);
        Assert.Equal("rgb(42, 171, 238)", await page.EvalOnSelectorAsync<string>("header a", "a => getComputedStyle(a).color"));
    }

    [Fact]
    public async Task An_expired_or_used_link_shows_a_friendly_page()
    {
        var alice = _telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var link = await AuthSteps.DecodeQrAsync((await alice.SendAsync("/qr", m => m.Method == "sendPhoto")).Photo!);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(link);
        await page.ClickAsync("#login");
        await LandsOnMeAsync(page);

        var second = await _browser.NewPageAsync();
        await second.GotoAsync(link);
        await second.ClickAsync("#login");

        Assert.Contains("no longer works", await second.TextContentAsync("h1"));
        Assert.Contains("/qr", await second.TextContentAsync("main"));
    }


    /// <summary>
    /// Waits for the redirect to /me; the machine may be busy running the rest of the suite, so the
    /// wait is generous, and a miss says what the page showed instead.
    /// </summary>
    private async Task LandsOnMeAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync($"{_baseUrl}/me", new PageWaitForURLOptions { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            var shown = await page.TextContentAsync("main");
            throw new Xunit.Sdk.XunitException($"The login did not reach /me; at {page.Url} the page shows: {shown}");
        }
    }
}
