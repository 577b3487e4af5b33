using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Admin;

/// <summary>How a broadcast's deliveries stand.</summary>
internal sealed record DeliveryCounts(int Total, int Sent, int Blocked, int Failed, int Unconfirmed, int Left);

/// <summary>A broadcast with its counts, for the admin page and API.</summary>
internal sealed record BroadcastView(Broadcast Broadcast, DeliveryCounts Counts);

/// <summary>Creates broadcasts, reads their progress and pauses, resumes or cancels them.</summary>
internal sealed class Broadcasts(UplinkDbContext db, TimeProvider time, BroadcastSignal signal)
{
    /// <summary>How many members a broadcast to this audience would reach (everyone, or one event's attendees).</summary>
    public Task<int> AudienceCountAsync(long? eventId, CancellationToken ct) => eventId is { } id
        ? db.EventRsvps.CountAsync(r => r.EventId == id && r.Going, ct)
        : db.Members.CountAsync(ct);

    /// <summary>
    /// Records the broadcast and one delivery per recipient, in one transaction: the sender never
    /// sees a broadcast whose recipients are half written. Members already known to have blocked
    /// the bot are recorded as blocked and not sent to.
    /// </summary>
    public async Task<Broadcast> CreateAsync(long adminTelegramId, string text, string? photoFileId, long? eventId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var broadcast = new Broadcast
        {
            AdminTelegramId = adminTelegramId, Text = text, PhotoFileId = photoFileId, EventId = eventId,
            Status = BroadcastStatus.Sending, CreatedAt = now,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Broadcasts.Add(broadcast);
            await db.SaveChangesAsync(ct);
            // One statement, however many members: the recipients are copied inside the database.
            var id = broadcast.Id;
            var pending = nameof(DeliveryStatus.Pending);
            var blocked = nameof(DeliveryStatus.Blocked);
            broadcast.Total = eventId is { } eid
                ? await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO broadcast_deliveries (broadcast_id, member_id, chat_id, status)
                    SELECT {id}, m.id, m.telegram_user_id, CASE WHEN m.unreachable_since IS NULL THEN {pending} ELSE {blocked} END
                    FROM members m JOIN event_rsvps r ON r.member_id = m.id
                    WHERE r.event_id = {eid} AND r.going
                    """, ct)
                : await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO broadcast_deliveries (broadcast_id, member_id, chat_id, status)
                    SELECT {id}, m.id, m.telegram_user_id, CASE WHEN m.unreachable_since IS NULL THEN {pending} ELSE {blocked} END
                    FROM members m
                    """, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        signal.Wake();
        return broadcast;
    }

    public Task<Broadcast?> FindAsync(long id, CancellationToken ct) => db.Broadcasts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);

    public async Task<DeliveryCounts> CountsAsync(long broadcastId, CancellationToken ct)
    {
        var byStatus = await db.BroadcastDeliveries.Where(d => d.BroadcastId == broadcastId)
            .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        int Of(DeliveryStatus s) => byStatus.GetValueOrDefault(s);
        return new DeliveryCounts(byStatus.Values.Sum(), Of(DeliveryStatus.Sent), Of(DeliveryStatus.Blocked), Of(DeliveryStatus.Failed),
            Of(DeliveryStatus.Unconfirmed), Of(DeliveryStatus.Pending) + Of(DeliveryStatus.Sending));
    }

    public async Task<IReadOnlyList<BroadcastView>> LatestAsync(int count, CancellationToken ct)
    {
        var latest = await db.Broadcasts.AsNoTracking().OrderByDescending(b => b.Id).Take(count).ToListAsync(ct);
        var views = new List<BroadcastView>(latest.Count);
        foreach (var b in latest)
        {
            views.Add(new BroadcastView(b, await CountsAsync(b.Id, ct)));
        }

        return views;
    }

    /// <summary>Pause (while sending), resume (while paused) or cancel (unless finished); false when the state did not allow it.</summary>
    public async Task<bool> ControlAsync(long id, string action, CancellationToken ct)
    {
        var changed = action switch
        {
            "pause" => await SetAsync(id, BroadcastStatus.Paused, BroadcastStatus.Sending, ct),
            "resume" => await SetAsync(id, BroadcastStatus.Sending, BroadcastStatus.Paused, ct),
            "cancel" => await db.Broadcasts
                .Where(b => b.Id == id && (b.Status == BroadcastStatus.Sending || b.Status == BroadcastStatus.Paused))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BroadcastStatus.Cancelled).SetProperty(b => b.FinishedAt, time.GetUtcNow()), ct) > 0,
            _ => false,
        };
        if (changed)
        {
            signal.Wake();
        }

        return changed;
    }

    public Task SetProgressMessageAsync(long id, int messageId, CancellationToken ct) =>
        db.Broadcasts.Where(b => b.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ProgressMessageId, messageId).SetProperty(b => b.ProgressAt, time.GetUtcNow()), ct);

    private async Task<bool> SetAsync(long id, BroadcastStatus to, BroadcastStatus from, CancellationToken ct) =>
        await db.Broadcasts.Where(b => b.Id == id && b.Status == from).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, to), ct) > 0;
}

/// <summary>Wakes this instance's sender at once when a broadcast starts or resumes here; others find it on their next look.</summary>
internal sealed class BroadcastSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wake.Writer.TryWrite(true);

    public ChannelReader<bool> Wakeups => _wake.Reader;
}
