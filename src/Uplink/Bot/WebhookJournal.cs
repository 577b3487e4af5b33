namespace Uplink.Bot;

/// <summary>
/// The webhook's rows, written by group commit: the updates received at the same time are stored by
/// one INSERT, and the updates handled at the same time are marked by one UPDATE. Dedup stays the
/// database's: the INSERT's <c>ON CONFLICT DO NOTHING</c> decides which delivery of an update is the
/// first, also between instances sharing the database.
/// </summary>
internal sealed class WebhookJournal
{
    /// <summary>
    /// Rows per statement at most: four parameters a row stays well under SQLite's and PostgreSQL's
    /// limits, and more deliveries than this are rarely waiting at once (Telegram opens at most 100 connections).
    /// </summary>
    public const int MaxBatch = 200;

    private readonly IServiceScopeFactory _scopes;
    private readonly GroupCommit<Received, bool> _received;
    private readonly GroupCommit<(long BotId, int UpdateId), bool> _handled;

    public WebhookJournal(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _received = new(StoreAsync, MaxBatch);
        _handled = new(MarkAsync, MaxBatch);
    }

    /// <summary>Stores an update unless it was received before; false for a redelivery.</summary>
    public Task<bool> TryAddAsync(long botId, int updateId, string payload) => _received.WriteAsync(new(botId, updateId, payload));

    public Task MarkHandledAsync(long botId, int updateId) => _handled.WriteAsync((botId, updateId));

    private async Task<IReadOnlyList<bool>> StoreAsync(IReadOnlyList<Received> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<BotStore>();
        var added = new HashSet<(long, int)>();
        foreach (var bot in batch.GroupBy(r => r.BotId))
        {
            // One delivery per id goes to the database; a second in the same batch is a redelivery.
            var rows = bot.DistinctBy(r => r.UpdateId).Select(r => (r.UpdateId, r.Payload)).ToList();
            foreach (var id in await store.TryAddWebhookUpdatesAsync(bot.Key, rows, CancellationToken.None))
            {
                added.Add((bot.Key, id));
            }
        }

        // Only the first of two deliveries in one batch may take the id.
        return [.. batch.Select(r => added.Remove((r.BotId, r.UpdateId)))];
    }

    private async Task<IReadOnlyList<bool>> MarkAsync(IReadOnlyList<(long BotId, int UpdateId)> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<BotStore>();
        foreach (var bot in batch.GroupBy(u => u.BotId))
        {
            await store.MarkHandledAsync(bot.Key, [.. bot.Select(u => u.UpdateId).Distinct()], CancellationToken.None);
        }

        return [.. batch.Select(_ => true)];
    }

    private sealed record Received(long BotId, int UpdateId, string Payload);
}
