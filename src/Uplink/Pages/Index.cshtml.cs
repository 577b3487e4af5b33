using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Web;
using Uplink.Sandbox;

namespace Uplink.Pages;

internal sealed class IndexModel(IOptions<SiteOptions> site, SiteUrls urls, BotIdentity identity, IOptions<BotOptions> bot, IOptions<SandboxOptions> sandbox)
    : PageModel
{
    public string CommunityName => site.Value.Name;

    public string CanonicalUrl => urls.Home;

    /// <summary>The bot's @username, known once the bot has started; the page never waits on Telegram.</summary>
    public string? BotUsername => identity.Current?.Username;

    /// <summary>In the sandbox the bot's t.me link leads nowhere: a visitor meets the bot in the sandbox chat.</summary>
    public string? BotLink => identity.Link is not null && InSandbox ? "/sandbox" : identity.Link;

    public bool InSandbox => sandbox.Value.On;

    /// <summary>No token: there is no bot to link to, and the page says so rather than show a dead link.</summary>
    public bool BotConnected => !string.IsNullOrWhiteSpace(bot.Value.BotToken);
}
