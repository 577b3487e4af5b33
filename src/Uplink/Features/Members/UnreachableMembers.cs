using Microsoft.EntityFrameworkCore;
using Uplink.Bot;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

/// <summary>
/// Marks a member unreachable when Telegram refuses a message to their private chat (they blocked
/// the bot), so nothing keeps trying; <see cref="TelegramRefresh.RefreshAsync"/> clears it when they write again.
/// </summary>
internal sealed class UnreachableMembers(IServiceScopeFactory scopes, TimeProvider time, ILogger<UnreachableMembers> logger)
    : IChatBlockedHandler
{
    public async Task ChatBlockedAsync(long chatId, string reason, CancellationToken ct)
    {
        if (chatId <= 0)
        {
            return; // a group or channel, not a member's private chat
        }

        // A scope of its own: this runs inside an HTTP call to Telegram, outside the caller's unit of work.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        var now = time.GetUtcNow();
        var marked = await db.Members.Where(m => m.TelegramUserId == chatId && m.UnreachableSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.UnreachableSince, now), ct);
        if (marked > 0)
        {
            logger.LogInformation("Member with Telegram id {UserId} marked unreachable: {Reason}", chatId, reason);
        }
    }
}
