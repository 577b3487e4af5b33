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
[Collection(nameof(BrowserHost))]
public sealed class BrowserLoginTests(BrowserHost host)
{
    [Fact]
    public async Task A_member_logs_in_from_the_qr_edits_the_bio_and_is_logged_out_from_the_bot()
    {
        var alice = host.Telegram.NewUser("Alice", "en", "Smith");
        var code = CodeIn(await alice.SendAsync("/start"));
        var qr = await alice.SendAsync("/qr", m => m.Method == "sendPhoto");
        var link = await AuthSteps.DecodeQrAsync(qr.Photo!);
        Assert.StartsWith($"{host.BaseUrl}/auth/callback?code=", link);
        Assert.Empty(qr.Buttons);
        Assert.Contains(link, qr.Plain);

        // The Content-Security-Policy allows no inline script or style: the browser would say so here.
        var (page, refusals) = await host.NewWatchedPageAsync();
        await page.GotoAsync(link);
        var before = host.Telegram.Sequence;
        await page.ClickAsync("#login");
        await host.LandsOnMeAsync(page);
        Assert.Equal("Alice Smith", await page.TextContentAsync("#name"));

        await page.FillAsync("#bio", "Hello from a real browser");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");
        using var http = new HttpClient();
        var publicPage = await http.GetStringAsync($"{host.BaseUrl}/u/{code}");
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
        var alice = host.Telegram.NewUser("Alice");
        await alice.SendAsync("/start");
        var link = await AuthSteps.DecodeQrAsync((await alice.SendAsync("/qr", m => m.Method == "sendPhoto")).Photo!);
        var page = await host.NewPageAsync();
        await page.GotoAsync(link);
        await page.ClickAsync("#login");
        await host.LandsOnMeAsync(page);

        var second = await host.NewPageAsync();
        await second.GotoAsync(link);
        await second.ClickAsync("#login");

        Assert.Contains("no longer works", await second.TextContentAsync("h1"));
        Assert.Contains("/qr", await second.TextContentAsync("main"));
    }
}
