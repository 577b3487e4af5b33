using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

/// <summary>Finding members: by Telegram user id, by id, by referral code.</summary>
internal sealed class MemberDirectory(UplinkDbContext db)
{
    public Task<Member?> FindByTelegramIdAsync(long telegramUserId, CancellationToken ct) =>
        db.Members.Include(m => m.Referrer).FirstOrDefaultAsync(m => m.TelegramUserId == telegramUserId, ct);

    /// <summary>Just the member's id, read without tracking: for callers that need nothing else.</summary>
    public Task<long?> FindIdByTelegramIdAsync(long telegramUserId, CancellationToken ct) =>
        db.Members.AsNoTracking().Where(m => m.TelegramUserId == telegramUserId).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);

    public Task<bool> ExistsAsync(long id, CancellationToken ct) => db.Members.AnyAsync(m => m.Id == id, ct);

    public Task<Member?> FindByIdAsync(long id, CancellationToken ct) =>
        db.Members.Include(m => m.Referrer).FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>Looks a member up by a normalized referral code (see <see cref="ReferralCode.TryNormalize"/>).</summary>
    public Task<Member?> FindByCodeAsync(string referralCode, CancellationToken ct) =>
        db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ReferralCode == referralCode, ct);
}
