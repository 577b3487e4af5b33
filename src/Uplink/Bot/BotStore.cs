using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Bot;

/// <summary>The bot runtime's rows: the polling offset and the webhook's received updates.</summary>
internal sealed class BotStore(UplinkDbContext db, TimeProvider time)
{
    public async Task<(int Offset, DateTimeOffset SavedAt)?> LoadOffsetAsync(long botId, CancellationToken ct)
    {
        var entry = await db.Set<BotStateEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Key == OffsetKey(botId), ct);
        return entry is not null && int.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
            ? (offset, entry.UpdatedAt)
            : null;
    }

    public async Task SaveOffsetAsync(long botId, int offset, CancellationToken ct)
    {
        var key = OffsetKey(botId);
        var entry = await db.Set<BotStateEntry>().FirstOrDefaultAsync(e => e.Key == key, ct);
        if (entry is null)
        {
            entry = new BotStateEntry { Key = key, Value = "" };
            db.Add(entry);
        }

        entry.Value = offset.ToString(CultureInfo.InvariantCulture);
        entry.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Keeps a webhook update; false when its id was already received (a redelivery).</summary>
    /// <summary>Stores an update unless it was received before; one statement, so two deliveries racing cannot both win.</summary>
    public async Task<bool> TryAddWebhookUpdateAsync(long botId, int updateId, string payload, CancellationToken ct)
    {
        var receivedAt = db.ProviderValue<WebhookUpdate>(nameof(WebhookUpdate.ReceivedAt), time.GetUtcNow());
        var added = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO bot_webhook_updates (bot_id, update_id, payload, received_at)
            VALUES ({botId}, {updateId}, {payload}, {receivedAt})
            ON CONFLICT (bot_id, update_id) DO NOTHING
            """, ct);
        return added == 1;
    }

    public Task MarkHandledAsync(long botId, int updateId, CancellationToken ct) =>
        db.Set<WebhookUpdate>().Where(u => u.BotId == botId && u.UpdateId == updateId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.HandledAt, time.GetUtcNow()), ct);

    /// <summary>Updates accepted but not handled (the service stopped first), oldest first.</summary>
    public async Task<IReadOnlyList<string>> UnhandledWebhookUpdatesAsync(long botId, CancellationToken ct) =>
        await db.Set<WebhookUpdate>().AsNoTracking()
            .Where(u => u.BotId == botId && u.HandledAt == null)
            .OrderBy(u => u.UpdateId)
            .Select(u => u.Payload)
            .ToListAsync(ct);

    /// <summary>Forgets updates received before <paramref name="before"/>; Telegram keeps none that old to redeliver.</summary>
    public Task<int> ForgetWebhookUpdatesAsync(DateTimeOffset before, CancellationToken ct) =>
        db.Set<WebhookUpdate>().Where(u => u.ReceivedAt < before).ExecuteDeleteAsync(ct);

    private static string OffsetKey(long botId) => $"polling.offset.{botId}";
}
