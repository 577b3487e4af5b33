using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Stores webhook updates unless received before, all in one statement, so that two deliveries
    /// racing (here or on another instance) cannot both win; returns the ids this call stored.
    /// </summary>
    public async Task<IReadOnlySet<int>> TryAddWebhookUpdatesAsync(long botId, IReadOnlyList<(int UpdateId, string Payload)> updates, CancellationToken ct)
    {
        var receivedAt = db.ProviderValue<WebhookUpdate>(nameof(WebhookUpdate.ReceivedAt), time.GetUtcNow());
        var sql = new StringBuilder("INSERT INTO bot_webhook_updates (bot_id, update_id, payload, received_at) VALUES ");
        var parameters = new List<object> { botId, receivedAt };
        foreach (var (updateId, payload) in updates)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(parameters.Count > 2 ? "," : "")}({{0}}, {{{parameters.Count}}}, {{{parameters.Count + 1}}}, {{1}})");
            parameters.Add(updateId);
            parameters.Add(payload);
        }

        // RETURNING names only the rows inserted: an id already there (or twice in this batch) is not among them.
        sql.Append(" ON CONFLICT (bot_id, update_id) DO NOTHING RETURNING update_id AS \"Value\"");
        return (await db.Database.SqlQueryRaw<int>(sql.ToString(), [.. parameters]).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// Marks webhook updates handled, one statement for all of them; raw SQL like the INSERT, so no
    /// LINQ query is translated for a list whose length changes with every batch.
    /// </summary>
    public Task<int> MarkHandledAsync(long botId, IReadOnlyCollection<int> updateIds, CancellationToken ct)
    {
        object[] parameters = [db.ProviderValue<WebhookUpdate>(nameof(WebhookUpdate.HandledAt), time.GetUtcNow()), botId, .. updateIds.Cast<object>()];
        var ids = string.Join(", ", Enumerable.Range(2, updateIds.Count).Select(i => $"{{{i}}}"));
        var sql = "UPDATE bot_webhook_updates SET handled_at = {0} WHERE bot_id = {1} AND update_id IN (" + ids + ")";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, ct); // only placeholders are spliced in; the values are parameters
    }

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
