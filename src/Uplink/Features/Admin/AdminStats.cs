using Microsoft.EntityFrameworkCore;
using Uplink.Bot;
using Uplink.Features.Events;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Admin;

/// <summary>A figure now, over the last 7 days and over the last 30.</summary>
internal sealed record Trend(int Total, int Last7Days, int Last30Days);

/// <summary>What /stats, /admin and <c>GET /api/admin/stats</c> show.</summary>
internal sealed record AdminStatistics(
    Trend Members,
    int Blocked,
    Trend Referrals,
    Trend Logins,
    int EventsComing,
    int EventsPast,
    int Rsvps,
    string ReferralRule,
    BotStatusSnapshot Bot,
    DateTimeOffset At);

/// <summary>One day of the chart: members who joined, referrals that began to count.</summary>
internal sealed record DailyCount(DateOnly Day, int NewMembers, int Referrals);

/// <summary>The community's numbers, counted by the database.</summary>
internal sealed class AdminStats(UplinkDbContext db, ReferralQueries referrals, BotStatus bot, TimeProvider time)
{
    public async Task<AdminStatistics> ReadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        DateTimeOffset week = now.AddDays(-7), month = now.AddDays(-30);
        var members = new Trend(
            await db.Members.CountAsync(ct),
            await db.Members.CountAsync(m => m.CreatedAt >= week, ct),
            await db.Members.CountAsync(m => m.CreatedAt >= month, ct));
        var referralTrend = referrals.Rule == ReferralRule.Active
            ? new Trend(
                await referrals.Counted.CountAsync(ct),
                await referrals.Counted.CountAsync(m => m.FirstActiveAt >= week, ct),
                await referrals.Counted.CountAsync(m => m.FirstActiveAt >= month, ct))
            : new Trend(
                await referrals.Counted.CountAsync(ct),
                await referrals.Counted.CountAsync(m => m.CreatedAt >= week, ct),
                await referrals.Counted.CountAsync(m => m.CreatedAt >= month, ct));
        var logins = new Trend(
            await db.WebSessions.CountAsync(ct),
            await db.WebSessions.CountAsync(s => s.CreatedAt >= week, ct),
            await db.WebSessions.CountAsync(s => s.CreatedAt >= month, ct));
        var scheduled = db.Events.Where(e => e.Status == EventStatus.Scheduled);
        return new AdminStatistics(
            members,
            await db.Members.CountAsync(m => m.UnreachableSince != null, ct),
            referralTrend,
            logins,
            await scheduled.CountAsync(e => e.StartsAt >= now, ct),
            await scheduled.CountAsync(e => e.StartsAt < now, ct),
            await db.EventRsvps.CountAsync(r => r.Going, ct),
            referrals.Rule.ToString(),
            bot.Current,
            now);
    }

    /// <summary>New members and referrals per UTC day, the oldest first, every day present (zeros too).</summary>
    public async Task<IReadOnlyList<DailyCount>> DailyAsync(int days, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var joined = await db.Members.Where(m => m.CreatedAt >= since).Select(m => m.CreatedAt).ToListAsync(ct);
        var referred = referrals.Rule == ReferralRule.Active
            ? await referrals.Counted.Where(m => m.FirstActiveAt >= since).Select(m => m.FirstActiveAt!.Value).ToListAsync(ct)
            : await referrals.Counted.Where(m => m.CreatedAt >= since).Select(m => m.CreatedAt).ToListAsync(ct);
        var joinedByDay = joined.CountBy(Day).ToDictionary();
        var referredByDay = referred.CountBy(Day).ToDictionary();
        return [.. Enumerable.Range(0, days).Select(i => first.AddDays(i))
            .Select(d => new DailyCount(d, joinedByDay.GetValueOrDefault(d), referredByDay.GetValueOrDefault(d)))];

        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
    }
}
