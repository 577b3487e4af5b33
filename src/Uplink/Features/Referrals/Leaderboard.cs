using Microsoft.EntityFrameworkCore;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Referrals;

/// <summary>
/// One line of the leaderboard. <see cref="Name"/> and <see cref="ReferralCode"/> are null for a
/// member who keeps their referral count private: they are on the board as "a member".
/// </summary>
internal sealed record LeaderboardEntry(int Rank, long MemberId, string? Name, string? ReferralCode, int Count, DateTimeOffset ReachedAt);

/// <summary>The top of the board and, when asked for, one member's own line (null while they count nobody).</summary>
internal sealed record LeaderboardView(IReadOnlyList<LeaderboardEntry> Top, LeaderboardEntry? Own, int Referrers);

/// <summary>
/// Who brought in the most members. Equal counts share a rank (1, 1, 3) and are listed by who got
/// there first: the time their last counted referral began to count.
/// </summary>
internal sealed class Leaderboard(UplinkDbContext db, ReferralQueries referrals)
{
    public const int DefaultSize = 10;

    public async Task<LeaderboardView> ReadAsync(int size, long? ownMemberId, CancellationToken ct)
    {
        // One row per referrer, counted by the database; ranking needs them all, but that is one
        // row per member who brought anyone, not per member.
        var byReferrer = referrals.Counted.GroupBy(m => m.ReferrerId!.Value);
        var rows = referrals.Rule == ReferralRule.Active
            ? await byReferrer.Select(g => new Row(g.Key, g.Count(), g.Max(m => m.FirstActiveAt!.Value))).ToListAsync(ct)
            : await byReferrer.Select(g => new Row(g.Key, g.Count(), g.Max(m => m.CreatedAt))).ToListAsync(ct);
        var ordered = rows.OrderByDescending(r => r.Count).ThenBy(r => r.ReachedAt).ThenBy(r => r.MemberId).ToList();
        var ranked = new List<(int Rank, long MemberId, int Count, DateTimeOffset ReachedAt)>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Count == ordered[i - 1].Count ? ranked[i - 1].Rank : i + 1;
            ranked.Add((rank, ordered[i].MemberId, ordered[i].Count, ordered[i].ReachedAt));
        }

        var top = ranked.Take(size).ToList();
        var own = ownMemberId is { } me ? ranked.FirstOrDefault(r => r.MemberId == me) : default;
        var ids = top.Select(r => r.MemberId).Append(own.MemberId).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        LeaderboardEntry Entry((int Rank, long MemberId, int Count, DateTimeOffset ReachedAt) r) =>
            members.TryGetValue(r.MemberId, out var m) && m.Shows(PublicFields.ReferralCount)
                ? new LeaderboardEntry(r.Rank, r.MemberId, m.PublicName, m.ReferralCode, r.Count, r.ReachedAt)
                : new LeaderboardEntry(r.Rank, r.MemberId, null, null, r.Count, r.ReachedAt);

        return new LeaderboardView([.. top.Select(Entry)], own.MemberId != 0 ? Entry(own) : null, ranked.Count);
    }

    private sealed record Row(long MemberId, int Count, DateTimeOffset ReachedAt);
}
