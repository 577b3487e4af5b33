using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Features.Auth;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;
using Uplink.Sandbox;

namespace Uplink.Pages.Login;

/// <summary>
/// <c>/login</c>: a login started here and approved in the bot. The page shows the request as a QR
/// and a t.me button with one match code; its script learns the outcome (events, else polling), and
/// without script the "Check now" button asks. Also Telegram's login widget, on a public https site.
/// </summary>
[EnableRateLimiting(AuthExtensions.SignInPolicy)]
internal sealed class IndexModel(
    BrowserLogin logins, BotIdentity identity, IOptions<BotOptions> bot, IOptions<AuthOptions> auth, SiteUrls urls, IOptions<SiteOptions> site,
    IOptions<SandboxOptions> sandbox)
    : PageModel
{
    public LoginState State { get; private set; } = LoginState.Pending;

    /// <summary>Null while the bot is off: then there is nobody to approve a login.</summary>
    public string? BotLink { get; private set; }

    /// <summary>
    /// In the sandbox, the chat page that stands in for Telegram: its t.me link leads nowhere, and a
    /// phone cannot reach a sandbox that answers this machine only, so the page offers this instead.
    /// </summary>
    public string? SandboxLink { get; private set; }

    public string? MatchCode { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public int PollIntervalSeconds => (int)auth.Value.LoginPollInterval.TotalSeconds;

    /// <summary>The bot's username for Telegram's widget, when the site can have one (public https).</summary>
    public string? WidgetBot => urls.IsPublicHttps ? identity.Current?.Username : null;

    public string WidgetAuthUrl => urls.Absolute("/auth/telegram");

    public string CommunityName => site.Value.Name;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        if (User.MemberId() is not null)
        {
            return LocalRedirect("/me");
        }

        if (string.IsNullOrWhiteSpace(bot.Value.BotToken))
        {
            BotLink = null;
            return Page();
        }

        var started = await logins.StartOrResumeAsync(HttpContext, ct);
        BotLink = await BrowserLoginApi.BotLinkAsync(identity, bot, started.Ticket.Id, ct);
        SandboxLink = sandbox.Value.On ? Sandbox.IndexModel.StartLink(BrowserLogin.StartPayloadPrefix + started.Ticket.Id) : null;
        MatchCode = started.MatchCode;
        ExpiresAt = started.ExpiresAt;
        return Page();
    }

    /// <summary>"Check now" (and the script, once it hears of an outcome).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        var completion = await logins.CompleteAsync(HttpContext, ct);
        State = completion.State;
        return State switch
        {
            LoginState.Approved => LocalRedirect("/me"),
            // Still waiting, or nothing to finish: the page as it is, or a fresh request.
            LoginState.Pending or LoginState.Expired or LoginState.Gone => RedirectToPage(),
            _ => Page(),
        };
    }
}
