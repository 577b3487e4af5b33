using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>
/// One host on a fake clock, with the bot, for the login requests' polling rules. Its clock moves by
/// seconds only: a jump of minutes would time out the bot's own long poll, whose retry then waits on
/// this clock.
/// </summary>
public sealed class ClockedHost : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeBotApi Telegram { get; private set; } = null!;

    public UplinkApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Telegram = await FakeBotApi.StartAsync();
        App = new UplinkApp(Telegram, time: Clock);
        App.StartServer();
        await Telegram.WaitForCallAsync("setMyCommands");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
    }

    /// <summary>A browser of its own: https (the site's cookies are Secure there), cookies kept, redirects not followed.</summary>
    public HttpClient NewBrowser() => App.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
    });
}

/// <summary>
/// A login started on /login, over HTTP on a fake clock: RFC 8628 polling, single use, and a
/// request bound to the browser that started it and to the member who opened its link first.
/// </summary>
public sealed class LoginRequestTests(ClockedHost host) : IClassFixture<ClockedHost>
{
    [Fact]
    public async Task Polling_answers_pending_then_slow_down_when_too_fast_then_signs_in_once_approved()
    {
        using var browser = host.NewBrowser();
        var (id, matchCode) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));

        var first = await browser.PollAsync();
        var tooSoon = await browser.PollAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var later = await browser.PollAsync();
        var alice = host.Telegram.NewUser("Alice");
        var confirm = await alice.OpenLoginLinkAsync(id);
        await alice.PressAsync(confirm.Button(matchCode), confirm);
        var approved = await browser.PollAsync();
        var me = await browser.GetAsync("/api/users/me");
        var again = await browser.PollAsync();
        var notice = await host.Telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && m.Plain.Contains("New login"));

        Assert.Equal((HttpStatusCode.BadRequest, "authorization_pending", 5), first);
        Assert.Equal((HttpStatusCode.BadRequest, "slow_down", 10), tooSoon);
        Assert.Equal("authorization_pending", later.Error);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("\"first_name\":\"Alice\"", await me.Content.ReadAsStringAsync());
        Assert.Equal("invalid_grant", again.Error);
        Assert.Single(notice.CallbackData, d => d.StartsWith("/endsession ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_who_is_not_yet_a_member_is_registered_by_the_link_without_a_referrer_then_asked()
    {
        using var browser = host.NewBrowser();
        var (id, _) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));
        var gina = host.Telegram.NewUser("Gina");

        var confirm = await gina.OpenLoginLinkAsync(id);
        var welcome = gina.Messages[0];
        var member = await host.App.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Members, m => m.TelegramUserId == gina.Id));

        Assert.Contains("Welcome", welcome.Plain);
        Assert.True(welcome.Sequence < confirm.Sequence);
        Assert.Null(member.ReferrerId);
        Assert.Contains("Log in to Test Community", confirm.Plain);
    }

    [Fact]
    public async Task The_first_member_to_open_a_link_holds_it_and_a_second_gets_nothing()
    {
        using var browser = host.NewBrowser();
        var (id, matchCode) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));
        var carol = host.Telegram.NewUser("Carol");
        var mallory = host.Telegram.NewUser("Mallory");

        var carols = await carol.OpenLoginLinkAsync(id);
        var mallorys = await mallory.SendAsync($"/start login_{id}", m => m.Plain.Contains("expired or was already used"));
        await mallory.PressAsync(carols.Button(matchCode), carols); // a button copied from Carol's chat
        var poll = await browser.PollAsync();

        Assert.Empty(mallorys.Buttons);
        Assert.Equal("authorization_pending", poll.Error);
        Assert.Equal(3, carols.MatchCodes().Distinct().Count());
        Assert.Contains(matchCode, carols.MatchCodes());
    }

    [Fact]
    public async Task Without_the_browser_cookie_polling_and_the_event_stream_learn_nothing()
    {
        using var browser = host.NewBrowser();
        var (id, matchCode) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));
        var dave = host.Telegram.NewUser("Dave");
        var confirm = await dave.OpenLoginLinkAsync(id);
        await dave.PressAsync(confirm.Button(matchCode), confirm);
        using var stranger = host.NewBrowser();
        stranger.DefaultRequestHeaders.Add("Cookie", $"uplink_login={id}.guessed-secret");

        var poll = await stranger.PollAsync();
        var events = await stranger.GetStringAsync("/login/events");

        Assert.Equal("invalid_grant", poll.Error);
        Assert.Contains("event: gone", events);
        Assert.Equal(HttpStatusCode.OK, (await browser.PollAsync()).Status);
    }
}

/// <summary>The lifetime of a login request, on a host of its own whose clock jumps (its bot does not poll).</summary>
public sealed class LoginRequestLifetimeTests
{
    [Fact]
    public async Task A_request_expires_after_its_lifetime_and_the_page_starts_a_new_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = new UplinkApp(telegram, new Dictionary<string, string?> { ["Telegram:Mode"] = "None" }, time: clock);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var (id, _) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));

        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        var justInTime = await browser.PollAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var tooLate = await browser.PollAsync();
        var events = await browser.GetStringAsync("/login/events");
        var (newId, _) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));

        Assert.Equal("authorization_pending", justInTime.Error);
        Assert.Equal("expired_token", tooLate.Error);
        Assert.Contains("event: expired", events);
        Assert.NotEqual(id, newId);
    }
}

/// <summary>The same request on PostgreSQL: claims, decisions and single use are conditional UPDATEs there too.</summary>
[Collection(nameof(PostgresHost))]
public sealed class LoginRequestPostgresTests(PostgresHost host)
{
    [Fact]
    public async Task A_request_approved_in_the_bot_signs_its_browser_in_once()
    {
        using var browser = host.App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var (id, matchCode) = SiteLoginSteps.ReadLoginPage(await browser.GetStringAsync("/login"));
        var pavel = host.Telegram.NewUser("Pavel");

        var confirm = await pavel.OpenLoginLinkAsync(id);
        await pavel.PressAsync(confirm.Button(matchCode), confirm);
        var first = await browser.PollAsync();
        var second = await browser.PollAsync();

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("invalid_grant", second.Error);
    }
}
