using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.App;

/// <summary>
/// <c>/app</c>: the entry of the Telegram Mini App. Its script signs in with Telegram's initData
/// (<c>POST /api/auth/webapp</c>), keeps the token in memory only, and shows the member's profile
/// and the coming events with RSVP through the JSON API.
/// </summary>
internal sealed class IndexModel(SiteUrls urls, IOptions<SiteOptions> site) : PageModel
{
    /// <summary>Telegram's Mini App script is loaded only where Telegram can open the site (public https).</summary>
    public bool LoadTelegramScript => urls.IsPublicHttps;

    public string CommunityName => site.Value.Name;

    public void OnGet() => Features.Auth.AuthApi.NoStore(Response);
}
