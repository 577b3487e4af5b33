using Microsoft.Playwright;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Pages;

/// <summary>
/// A login started on /login in Chromium and answered by a fake member in the fake Telegram: the
/// page learns the outcome through Server-Sent Events or, without them, by polling.
/// </summary>
[Collection(nameof(BrowserHost))]
public sealed class SiteLoginTests(BrowserHost host)
{
    [Fact]
    public async Task A_login_started_in_the_browser_and_approved_in_the_bot_lands_on_me_through_server_sent_events()
    {
        var page = await host.NewPageAsync();
        await page.RouteAsync("**/login/poll", route => route.AbortAsync()); // only the event stream may tell
        var (id, matchCode) = await OpenLoginAsync(page);
        var alice = host.Telegram.NewUser("Alice", "en", "Login");

        var confirm = await alice.OpenLoginLinkAsync(id);
        var before = host.Telegram.Sequence;
        var done = await alice.PressAsync(confirm.Button(matchCode), confirm);
        await BrowserHost.ArrivesAtAsync(page, $"{host.BaseUrl}/me");
        var notice = await host.Telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && m.Sequence > before && m.Plain.Contains("New login"));

        Assert.Contains("Chrome on Linux from 127.0.0.1", confirm.Plain);
        Assert.Contains("that browser is logged in", done.Plain);
        Assert.Equal("Alice Login", await page.TextContentAsync("#name"));
        Assert.Contains("New login: Chrome on Linux from 127.0.0.1", notice.Plain);
        Assert.Single(notice.CallbackData, d => d.StartsWith("/endsession ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_there_are_no_server_sent_events_polling_delivers_the_outcome()
    {
        var page = await host.NewPageAsync();
        await page.AddInitScriptAsync("delete window.EventSource;");
        await page.RouteAsync("**/login/events", route => route.AbortAsync());
        var (id, matchCode) = await OpenLoginAsync(page);
        var bob = host.Telegram.NewUser("Bob", "en", "Poller");

        var confirm = await bob.OpenLoginLinkAsync(id);
        await bob.PressAsync(confirm.Button(matchCode), confirm);
        await BrowserHost.ArrivesAtAsync(page, $"{host.BaseUrl}/me");

        Assert.Equal("Bob Poller", await page.TextContentAsync("#name"));
    }

    [Fact]
    public async Task Deny_ends_the_request_and_the_page_says_so()
    {
        var page = await host.NewPageAsync();
        var (id, matchCode) = await OpenLoginAsync(page);
        var carol = host.Telegram.NewUser("Carol");

        var confirm = await carol.OpenLoginLinkAsync(id);
        var denied = await carol.PressAsync(confirm.Button("Deny"), confirm);
        await page.WaitForSelectorAsync("#outcome");
        var late = await carol.PressAsync(confirm.Button(matchCode), confirm);

        Assert.Contains("Login denied", denied.Plain);
        Assert.Contains("refused in Telegram", await page.TextContentAsync("#outcome"));
        Assert.Contains("expired or was already used", late.Plain);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "uplink_session");
    }

    [Fact]
    public async Task A_wrong_match_code_ends_the_request()
    {
        var page = await host.NewPageAsync();
        var (id, matchCode) = await OpenLoginAsync(page);
        var dave = host.Telegram.NewUser("Dave");

        var confirm = await dave.OpenLoginLinkAsync(id);
        var wrong = confirm.MatchCodes().First(code => code != matchCode);
        var answer = await dave.PressAsync(confirm.Button(wrong), confirm);
        await page.WaitForSelectorAsync("#outcome");

        Assert.Contains("not the code the page shows", answer.Plain);
        Assert.Contains("refused in Telegram", await page.TextContentAsync("#outcome"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "uplink_session");
    }

    [Fact]
    public async Task The_link_opened_in_a_second_browser_logs_in_only_the_first()
    {
        var first = await host.NewPageAsync();
        var (id, matchCode) = await OpenLoginAsync(first);
        var second = await host.NewPageAsync();
        await second.GotoAsync($"{host.BaseUrl}/login");
        var secondId = SiteLoginSteps.IdInLink((await second.GetAttributeAsync("#open-bot", "href"))!);
        var erin = host.Telegram.NewUser("Erin");

        var confirm = await erin.OpenLoginLinkAsync(id);
        await erin.PressAsync(confirm.Button(matchCode), confirm);
        await BrowserHost.ArrivesAtAsync(first, $"{host.BaseUrl}/me");
        await second.ClickAsync("#check button");
        await second.WaitForSelectorAsync("#match-code");
        await second.GotoAsync($"{host.BaseUrl}/me");

        Assert.NotEqual(id, secondId);
        Assert.Contains("You are not logged in", await second.TextContentAsync("h1"));
    }

    [Fact]
    public async Task A_used_request_replayed_from_its_cookie_signs_nobody_in()
    {
        var page = await host.NewPageAsync();
        var (id, matchCode) = await OpenLoginAsync(page);
        var ticket = (await page.Context.CookiesAsync()).Single(c => c.Name == "uplink_login");
        var frank = host.Telegram.NewUser("Frank");
        var confirm = await frank.OpenLoginLinkAsync(id);
        await frank.PressAsync(confirm.Button(matchCode), confirm);
        await BrowserHost.ArrivesAtAsync(page, $"{host.BaseUrl}/me");

        var replay = await host.NewPageAsync();
        await replay.Context.AddCookiesAsync([new Cookie { Name = ticket.Name, Value = ticket.Value, Url = $"{host.BaseUrl}/login" }]);
        await replay.GotoAsync($"{host.BaseUrl}/"); // a page of the site that starts no login of its own
        var poll = await replay.EvaluateAsync<string>("() => fetch('/login/poll', { method: 'POST' }).then(r => r.json()).then(b => b.error)");
        await replay.GotoAsync($"{host.BaseUrl}/me");

        Assert.Equal("invalid_grant", poll);
        Assert.Contains("You are not logged in", await replay.TextContentAsync("h1"));
    }

    [Fact]
    public async Task An_expired_request_is_replaced_by_the_page_itself()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync($"{host.ClockedUrl}/login");
        var first = SiteLoginSteps.IdInLink((await page.GetAttributeAsync("#open-bot", "href"))!);

        host.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await page.WaitForFunctionAsync(
            "first => !document.querySelector('#open-bot').href.endsWith('login_' + first)", first,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        var second = SiteLoginSteps.IdInLink((await page.GetAttributeAsync("#open-bot", "href"))!);

        Assert.NotEqual(first, second);
        Assert.Matches("^[0-9]{2}$", await page.TextContentAsync("#match-code"));
    }

    private async Task<(string Id, string MatchCode)> OpenLoginAsync(IPage page)
    {
        await page.GotoAsync($"{host.BaseUrl}/login");
        var id = SiteLoginSteps.IdInLink((await page.GetAttributeAsync("#open-bot", "href"))!);
        var code = (await page.TextContentAsync("#match-code"))!.Trim();
        return (id, code);
    }
}
