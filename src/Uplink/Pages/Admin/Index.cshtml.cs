using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Features.Admin;
using Uplink.Features.Auth;
using Uplink.Features.Events;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Admin;

/// <summary>
/// <c>/admin</c>: the community's numbers for its admins, signed in through the site's usual login
/// (the session cookie). Anyone else gets 401 (not signed in) or 403 (not an admin), with no figures.
/// </summary>
internal sealed class IndexModel(
    AdminMembers admins, AdminStats stats, Leaderboard leaderboard, EventService events, Broadcasts broadcasts, IOptions<SiteOptions> site,
    PageTexts texts)
    : PageModel
{
    public string CommunityName => site.Value.Name;

    public bool Allowed { get; private set; }

    public AdminStatistics? Stats { get; private set; }

    public string ChartSvg { get; private set; } = "";

    public IReadOnlyList<DailyCount> Days { get; private set; } = [];

    public IReadOnlyList<LeaderboardEntry> Top { get; private set; } = [];

    public IReadOnlyList<EventView> Events { get; private set; } = [];

    public IReadOnlyList<BroadcastView> Broadcasts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        if (User.Identity?.IsAuthenticated != true)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!await admins.IsAdminAsync(User, ct))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Allowed = true;
        Stats = await stats.ReadAsync(ct);
        Days = await stats.DailyAsync(AdminApi.ChartDays, ct);
        ChartSvg = DailyChart.Svg(Days, texts);
        // Admins see every name: the board's anonymity is for the public.
        Top = (await leaderboard.ReadAsync(Leaderboard.DefaultSize, null, ct)).Top;
        Events = (await events.UpcomingAsync(1, 20, ct)).Items;
        Broadcasts = await broadcasts.LatestAsync(10, ct);
    }
}
