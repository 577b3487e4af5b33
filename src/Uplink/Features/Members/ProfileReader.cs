using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

/// <summary>Members' profiles as the bot, the API and the site show them.</summary>
internal sealed class ProfileReader(
    UplinkDbContext db, MemberDirectory members, ProfileCache cache, IReferralCounter referrals, SiteUrls urls)
{
    /// <summary>The private profile, through the cache (invalidated by every write to the member).</summary>
    public Task<PrivateProfileDto?> GetPrivateProfileAsync(long memberId, CancellationToken ct) =>
        cache.GetPrivateAsync(memberId, async () =>
            await db.Members.AsNoTracking().Include(m => m.Referrer).FirstOrDefaultAsync(m => m.Id == memberId, ct) is { } member
                ? await FreshPrivateProfileAsync(member, ct)
                : null);

    /// <summary>The public profile by normalized referral code, through the cache.</summary>
    public Task<PublicProfileDto?> GetPublicProfileAsync(string referralCode, CancellationToken ct) =>
        cache.GetPublicAsync(referralCode, async () =>
            await members.FindByCodeAsync(referralCode, ct) is { } member
                ? member.AsPublicDto(urls, member.Shows(PublicFields.ReferralCount) ? await referrals.CountAsync(member.Id, ct) : null)
                : null);

    /// <summary>The private profile of a member just read or written, bypassing the cache.</summary>
    public async Task<PrivateProfileDto> FreshPrivateProfileAsync(Member member, CancellationToken ct) =>
        member.AsPrivateDto(await referrals.CountAsync(member.Id, ct), urls);
}
