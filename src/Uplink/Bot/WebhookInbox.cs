using System.Text.Json;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Bot;

internal enum WebhookOutcome
{
    Accepted,

    /// <summary>Already received (Telegram redelivered it): answered 200, not handled again.</summary>
    Duplicate,

    /// <summary>The queue is full, or the inbox is not ready yet: 503, so Telegram delivers it later.</summary>
    Busy,
}

/// <summary>
/// Where webhook updates enter: each is written to the database before it is queued (so a
/// redelivery is recognised, across restarts and instances, and an update accepted but not
/// handled before a crash is handled after the restart), then handled in the background.
/// </summary>
/// <remarks>
/// The database rather than a memory cache: Telegram redelivers when our 200 got lost, which
/// happens around restarts and failovers, exactly when a cache is empty or on another instance.
/// </remarks>
internal sealed class WebhookInbox(
    IServiceScopeFactory scopes, UpdateWorkers workers, WebhookJournal journal, BotStatus status, IOptions<BotOptions> options,
    ILogger<WebhookInbox> logger)
{
    private volatile bool _ready;

    /// <summary>Set once the updates left from the last run are queued; until then deliveries get 503.</summary>
    public bool Ready => _ready;

    public async Task<WebhookOutcome> AcceptAsync(Update update, string payload, CancellationToken ct)
    {
        // A place in the queue first, then the row: a stored update must be queued, or its redelivery
        // would be taken for a duplicate and it would wait for the next restart. Waiting a little for a
        // place holds Telegram back (it keeps at most max_connections deliveries open) instead of
        // refusing updates only to be sent them again.
        if (!_ready || !await workers.ReserveAsync(options.Value.WebhookQueueWait, ct))
        {
            logger.LogWarning("Webhook update {UpdateId} refused with 503: {Reason}; Telegram will deliver it again",
                update.Id, _ready ? "the queue is full" : "still starting");
            return WebhookOutcome.Busy;
        }

        bool added;
        try
        {
            added = await journal.TryAddAsync(options.Value.BotId, update.Id, payload);
        }
        catch
        {
            workers.Release();
            throw;
        }

        if (!added)
        {
            workers.Release();
            logger.LogInformation("Webhook update {UpdateId} was received before; not handled again", update.Id);
            return WebhookOutcome.Duplicate;
        }

        status.UpdateReceived();
        workers.Enqueue(Work(update));
        return WebhookOutcome.Accepted;
    }

    /// <summary>Queues the updates accepted by an earlier run but not handled, then opens the inbox.</summary>
    public async Task ReplayAsync(CancellationToken ct)
    {
        IReadOnlyList<string> payloads;
        await using (var scope = scopes.CreateAsyncScope())
        {
            payloads = await scope.ServiceProvider.GetRequiredService<BotStore>().UnhandledWebhookUpdatesAsync(options.Value.BotId, ct);
        }

        if (payloads.Count > 0)
        {
            logger.LogInformation("Handling {Count} webhook update(s) received before the last shutdown", payloads.Count);
        }

        foreach (var payload in payloads)
        {
            if (JsonSerializer.Deserialize<Update>(payload, JsonBotAPI.Options) is { } update)
            {
                await workers.EnqueueAsync(Work(update), ct);
            }
        }

        _ready = true;
    }

    public async Task ForgetOldAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<BotStore>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var forgotten = await store.ForgetWebhookUpdatesAsync(time.GetUtcNow() - options.Value.WebhookDedupWindow, ct);
        if (forgotten > 0)
        {
            logger.LogDebug("Forgot {Count} webhook update id(s) older than {Window}", forgotten, options.Value.WebhookDedupWindow);
        }
    }

    private UpdateWork Work(Update update) => new(update, (_, done, _) => journal.MarkHandledAsync(options.Value.BotId, done.Id));
}
