using System.Globalization;
using Microsoft.Playwright;
using Uplink.Features.Members;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Features.Referrals;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Pages;

/// <summary><c>/admin</c> in Chromium: the figures and the server-drawn chart for an admin, nothing for anyone else.</summary>
[Collection(nameof(BrowserHost))]
public sealed class AdminPageTests(BrowserHost host)
{
    private static readonly DateTime Today = DateTime.UtcNow.Date;

    [Fact]
    public async Task An_admin_logged_in_through_the_site_sees_the_statistics_and_a_bar_for_each_day_with_new_members()
    {
        await Seed.MemberAsync(host.App, "FiveDaysAgo", PublicFields.Default, Noon(-5));
        await Seed.MemberAsync(host.App, "FiveDaysAgoToo", PublicFields.Default, Noon(-5));
        await Seed.MemberAsync(host.App, "FortyDaysAgo", PublicFields.Default, Noon(-40));
        var (page, refusals) = await LoggedInAsync(new TelegramUser(host.Telegram, UplinkApp.AdminTelegramId, "Ada", null, null, "en"));

        var response = await page.GotoAsync($"{host.BaseUrl}/admin");

        Assert.Equal(200, response!.Status);
        var members = await host.App.QueryAsync(db => Task.FromResult(db.Members.Count()));
        Assert.StartsWith($"{members} (new:", await page.TextContentAsync("#members"));
        Assert.Equal(90, await page.Locator("svg#chart rect.day").CountAsync());
        Assert.Equal((2, true), await BarAsync(page, -5));
        Assert.Equal((1, true), await BarAsync(page, -40));
        Assert.Equal((0, false), await BarAsync(page, -20));
        Assert.Equal(90, (await page.GetAttributeAsync("svg#chart polyline#referrals-line", "points"))!.Split(' ').Length); // a referrals point a day
        Assert.Empty(refusals);
    }

    [Fact]
    public async Task A_member_who_is_not_an_admin_is_refused_without_figures()
    {
        var (page, refusals) = await LoggedInAsync(host.Telegram.NewUser("Mallory"));

        var response = await page.GotoAsync($"{host.BaseUrl}/admin");

        Assert.Equal(403, response!.Status);
        Assert.Equal("Admins only", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.Locator("#stats, svg#chart").CountAsync());
        Assert.Empty(refusals);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_refused_without_figures()
    {
        var (page, _) = await host.NewWatchedPageAsync();

        var response = await page.GotoAsync($"{host.BaseUrl}/admin");

        Assert.Equal(401, response!.Status);
        Assert.Equal("Admins only", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.Locator("#stats, svg#chart").CountAsync());
    }

    /// <summary>The site's usual login: the bot's QR link, opened in the browser, confirmed with the button.</summary>
    private async Task<(IPage Page, List<string> Refusals)> LoggedInAsync(TelegramUser user)
    {
        await user.SendAsync("/start");
        var link = await AuthSteps.DecodeQrAsync((await user.SendAsync("/qr", m => m.Method == "sendPhoto")).Photo!);
        var (page, refusals) = await host.NewWatchedPageAsync();
        await page.GotoAsync(link);
        await page.ClickAsync("#login");
        await host.LandsOnMeAsync(page);
        return (page, refusals);
    }

    /// <summary>The day's bar: the new members its tooltip names, and whether it has any height.</summary>
    private static async Task<(int NewMembers, bool Drawn)> BarAsync(IPage page, int daysAgo)
    {
        var day = Today.AddDays(daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bar = page.Locator("svg#chart rect.day").Filter(new LocatorFilterOptions { Has = page.Locator($"title:text-matches('^{day}:')") });
        var title = await bar.Locator("title").TextContentAsync();
        var newMembers = int.Parse(title!.Split(": ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        var height = double.Parse((await bar.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture);
        return (newMembers, height > 0);
    }

    private static DateTimeOffset Noon(int daysAgo) => new(Today.AddDays(daysAgo).AddHours(12), TimeSpan.Zero);
}
