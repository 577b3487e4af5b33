using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

internal sealed record Registration(Member Member, bool Created, ReferralOutcome Referral, Member? Referrer);

/// <summary>Registers Telegram users as members, each with a referral code of their own.</summary>
internal sealed class Registrar(
    UplinkDbContext db,
    MemberDirectory members,
    TelegramRefresh refresh,
    IReferralAttribution attribution,
    IReferralCodeGenerator codes,
    ProfileCache profiles,
    TimeProvider time,
    ILogger<Registrar> logger)
{
    private const int MaxCodeDraws = 5;

    /// <summary>
    /// Registers the Telegram user, or refreshes the member's Telegram data when already registered.
    /// Idempotent: the code never changes, and a referrer is recorded only at first registration.
    /// </summary>
    public async Task<Registration> RegisterAsync(TelegramProfile profile, string? referralPayload, CancellationToken ct)
    {
        var existing = await members.FindByTelegramIdAsync(profile.UserId, ct);
        if (existing is not null)
        {
            await refresh.RefreshAsync(existing, profile, ct);
            var outcome = referralPayload is null ? ReferralOutcome.None : ReferralOutcome.AlreadyRegistered;
            return new Registration(existing, false, outcome, null);
        }

        var (referrer, referral) = await attribution.AttributeAsync(profile.UserId, referralPayload, ct);
        for (var draw = 1; ; draw++)
        {
            var now = time.GetUtcNow();
            var member = new Member
            {
                TelegramUserId = profile.UserId,
                FirstName = profile.FirstName,
                ReferralCode = codes.Next(),
                ReferrerId = referrer?.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            TelegramRefresh.Apply(member, profile);
            db.Members.Add(member);
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Member {MemberId} registered (referral: {Referral})", member.Id, referral);
                if (referrer is not null)
                {
                    await profiles.InvalidateAsync(referrer); // its referral count changed, which the public profile may show
                }

                member.Referrer = referrer;
                return new Registration(member, true, referral, referrer);
            }
            catch (DbUpdateException) when (draw < MaxCodeDraws)
            {
                // Either the same user registered concurrently (two /start at once), or the
                // drawn code is taken. The first wins; the second draws again.
                db.Entry(member).State = EntityState.Detached;
                if (await members.FindByTelegramIdAsync(profile.UserId, ct) is { } raced)
                {
                    return new Registration(raced, false, ReferralOutcome.None, null);
                }

                logger.LogWarning("Referral code collision on draw {Draw}; drawing again", draw);
            }
        }
    }
}
