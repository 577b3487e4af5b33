using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Referrals;

/// <summary>Whom a member invited: how many, and the latest of them, counted by <see cref="ReferralOptions.CountWhen"/>.</summary>
internal sealed class ReferralQueries(UplinkDbContext db, IOptions<ReferralOptions> options) : IReferralCounter
{
    public ReferralRule Rule => options.Value.CountWhen;

    /// <summary>Members who count as someone's referral under the rule.</summary>
    public IQueryable<Member> Counted => Rule == ReferralRule.Active
        ? db.Members.Where(m => m.ReferrerId != null && m.FirstActiveAt != null)
        : db.Members.Where(m => m.ReferrerId != null);

    public Task<int> CountAsync(long memberId, CancellationToken ct) =>
        Counted.CountAsync(m => m.ReferrerId == memberId, ct);

    public async Task<IReadOnlyList<Member>> LatestAsync(long memberId, int count, CancellationToken ct) =>
        await Counted.AsNoTracking()
            .Where(m => m.ReferrerId == memberId)
            .OrderByDescending(m => m.Id)
            .Take(count)
            .ToListAsync(ct);
}
