using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages;

internal sealed class IndexModel(IOptions<SiteOptions> site, SiteUrls urls, BotIdentity identity) : PageModel
{
    public string CommunityName => site.Value.Name;

    public string CanonicalUrl => urls.Home;

    /// <summary>Known once the bot has started; the page never waits on Telegram.</summary>
    public string? BotLink => identity.Current?.Username is { } username ? $"https://t.me/{username}" : null;
}
