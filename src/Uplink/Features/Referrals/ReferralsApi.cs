using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Referrals;

/// <summary>A line of the board; <c>display_name</c> and the links are null for members who keep their count private.</summary>
internal sealed record LeaderboardEntryDto(int Rank, string? DisplayName, string? ReferralCode, string? ProfileUrl, int Count, bool Hidden);

/// <summary>The board; <c>me</c> is the caller's own line when a member's token came with the request.</summary>
internal sealed record LeaderboardDto(IReadOnlyList<LeaderboardEntryDto> Items, LeaderboardEntryDto? Me, int Referrers);

internal static class ReferralsApi
{
    public static RouteGroupBuilder MapReferrals(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/referrals").WithTags("Referrals");
        group.MapGet("/top", GetTopAsync)
            .WithName("GetReferralLeaderboard")
            .WithSummary("The members who brought in the most, ties sharing a rank");
        return group;
    }

    private static async Task<Ok<LeaderboardDto>> GetTopAsync(
        ClaimsPrincipal user, Leaderboard leaderboard, SiteUrls urls, CancellationToken ct, int? size = null)
    {
        var board = await leaderboard.ReadAsync(Math.Clamp(size ?? Leaderboard.DefaultSize, 1, 100), user.MemberId(), ct);
        return TypedResults.Ok(new LeaderboardDto([.. board.Top.Select(e => e.AsDto(urls))], board.Own?.AsDto(urls), board.Referrers));
    }

    public static LeaderboardEntryDto AsDto(this LeaderboardEntry entry, SiteUrls urls) => new(
        entry.Rank, entry.Name, entry.ReferralCode, entry.ReferralCode is { } code ? urls.Profile(code) : null, entry.Count, entry.Name is null);
}
