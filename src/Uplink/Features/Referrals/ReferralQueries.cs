using Microsoft.EntityFrameworkCore;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Referrals;

/// <summary>Whom a member invited: how many, and the latest of them.</summary>
internal sealed class ReferralQueries(UplinkDbContext db) : IReferralCounter
{
    public Task<int> CountAsync(long memberId, CancellationToken ct) =>
        db.Members.CountAsync(m => m.ReferrerId == memberId, ct);

    public async Task<IReadOnlyList<Member>> LatestAsync(long memberId, int count, CancellationToken ct) =>
        await db.Members.AsNoTracking()
            .Where(m => m.ReferrerId == memberId)
            .OrderByDescending(m => m.Id)
            .Take(count)
            .ToListAsync(ct);
}
