using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Uplink.Bot;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

/// <summary>
/// Records a member's first sign of life beyond /start: a button pressed, an event answered, a login
/// to the site. Under <c>Referrals:CountWhen=Active</c> only such members count for their referrer.
/// </summary>
internal sealed class MemberActivity(UplinkDbContext db, ProfileCache profiles, TimeProvider time)
{
    /// <summary>Called by the commands behind buttons: a command typed by hand is not a button press.</summary>
    public Task ButtonPressedAsync(BotContext context, CancellationToken ct) =>
        context.Callback is null ? Task.CompletedTask : MarkActiveAsync(context.From.Id, ct);

    public Task MarkActiveAsync(long telegramUserId, CancellationToken ct) =>
        MarkAsync(m => m.TelegramUserId == telegramUserId, ct);

    /// <summary>The same, for a member known by id (the site's login).</summary>
    public Task MarkActiveByIdAsync(long memberId, CancellationToken ct) => MarkAsync(m => m.Id == memberId, ct);

    private async Task MarkAsync(Expression<Func<Member, bool>> who, CancellationToken ct)
    {
        // Read first: after the first time (nearly always) this is one indexed read and no write.
        var member = await db.Members.AsNoTracking()
            .Where(who)
            .Where(m => m.FirstActiveAt == null)
            .Select(m => new { m.Id, m.ReferrerId })
            .FirstOrDefaultAsync(ct);
        if (member is null)
        {
            return;
        }

        var marked = await db.Members.Where(m => m.Id == member.Id && m.FirstActiveAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.FirstActiveAt, time.GetUtcNow()), ct);
        if (marked > 0 && member.ReferrerId is { } referrerId &&
            await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == referrerId, ct) is { } referrer)
        {
            await profiles.InvalidateAsync(referrer); // the referrer's count may have grown
        }
    }
}
