using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Uplink.Bot;

/// <summary>
/// Long-polls getUpdates and hands the updates to the workers. Telegram.Bot's own receiver retries
/// a failed getUpdates at once, with no delay, so this loop and its backoff are Uplink's: network
/// errors, timeouts, 5xx and Telegram errors back off 5 s → 10 s → … → 5 min (with jitter, reset by
/// a success), and it never gives up while the host runs unless <c>Telegram:MaxReconnectAttempts</c> says so.
/// </summary>
internal sealed class PollingService(
    ITelegramBotClient bot,
    OffsetKeeper keeper,
    UpdateWorkers workers,
    BotStatus status,
    BotIdentity identity,
    BotMenu menu,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<PollingService> logger)
{
    private readonly BotOptions _options = options.Value;
    private PollingOffsets? _offsets;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        status.Starting(BotMode.Polling);
        using var handling = new CancellationTokenSource();
        using var committing = new CancellationTokenSource();
        workers.Start(handling.Token);
        var keeping = Task.CompletedTask;
        try
        {
            await PollAsync(offsets => keeping = keeper.KeepAsync(offsets, committing.Token), stoppingToken);
        }
        finally
        {
            // Graceful shutdown: fetching has stopped; finish what is in flight, then confirm the offset.
            await workers.DrainAsync(_options.ShutdownTimeout, handling);
            await committing.CancelAsync();
            await keeping;
            await ConfirmAsync();
            status.Stopped("The service is stopping.");
        }
    }

    private async Task PollAsync(Action<PollingOffsets> started, CancellationToken ct)
    {
        var failures = 0;
        DateTimeOffset? conflictSince = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_offsets is null)
                {
                    _offsets = await StartAsync(ct);
                    started(_offsets);
                }

                await PollOnceAsync(_offsets, ct);
                failures = 0;
                conflictSince = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                TimeSpan delay;
                if (ex is ApiRequestException { ErrorCode: 409 })
                {
                    delay = OnConflict(ex, ref conflictSince);
                }
                else
                {
                    conflictSince = null;
                    failures++;
                    if (_options.MaxReconnectAttempts is { } max && failures > max)
                    {
                        logger.LogCritical(ex, "Telegram failed {Failures} times in a row (Telegram:MaxReconnectAttempts = {Max}); " +
                            "the bot stops receiving until the service restarts", failures, max);
                        status.Stopped(Describe(ex));
                        return;
                    }

                    delay = Backoff.Delay(failures, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay);
                    logger.LogWarning(ex, "Telegram call failed (attempt {Attempt}): {Error}; next attempt in {Delay}",
                        failures, Describe(ex), delay);
                }

                // The timer exists before the state says so: whoever sees "backing off" can move time on.
                var wait = Task.Delay(delay, time, ct);
                status.Failed(conflictSince is null ? BotState.BackingOff : BotState.Conflict, failures, delay, Describe(ex));
                try
                {
                    await wait;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PollOnceAsync(PollingOffsets offsets, CancellationToken ct)
    {
        var offset = offsets.Confirmed;
        var updates = await bot.GetUpdates(offset, limit: 100, timeout: _options.PollingTimeoutSeconds, cancellationToken: ct);
        status.Receiving(polled: true);
        var fresh = offsets.Take(updates);
        if (fresh.Count == 0 && updates.Length > 0)
        {
            // Telegram gave back only updates still in flight: asking again at once would spin.
            var progress = offsets.Progress;
            if (offsets.Confirmed == offset)
            {
                await progress.WaitAsync(ct);
            }

            return;
        }

        foreach (var update in fresh)
        {
            status.UpdateReceived();
            await workers.EnqueueAsync(new UpdateWork(update, (_, done, _) =>
            {
                offsets.Complete(done.Id);
                return Task.CompletedTask;
            }), ct);
        }
    }

    /// <summary>
    /// 409: another poller or a webhook, typical while a redeploy overlaps. Retried with jitter for
    /// about one long poll (the old instance stops by then), then reported loudly, then retried slowly.
    /// </summary>
    private TimeSpan OnConflict(Exception ex, ref DateTimeOffset? since)
    {
        var now = time.GetUtcNow();
        since ??= now;
        var lasting = now - since.Value;
        if (lasting < _options.ConflictWindow)
        {
            var delay = Backoff.Jittered(_options.ReconnectInitialDelay, 0.5);
            logger.LogWarning("getUpdates: 409 Conflict ({Error}), probably an overlapping deployment; next attempt in {Delay}",
                ex.Message, delay);
            return delay;
        }

        var slow = Backoff.Delay(int.MaxValue, _options.ReconnectMaxDelay, _options.ReconnectMaxDelay);
        logger.LogError("getUpdates has answered 409 Conflict for {Lasting}: another process is polling with this bot token, " +
            "or a webhook is set ({Error}). Stop the other instance, or run every instance with Telegram:Mode=Webhook; " +
            "a webhook set by hand goes away with deleteWebhook or a restart of this service in polling mode. " +
            "This bot receives nothing meanwhile; next attempt in {Delay}", lasting, ex.Message, slow);
        return slow;
    }

    private async Task<PollingOffsets> StartAsync(CancellationToken ct)
    {
        var offsets = await keeper.LoadAsync(ct);
        // A webhook left set by an earlier deployment makes getUpdates fail with 409.
        await bot.DeleteWebhook(cancellationToken: ct);
        var me = await identity.GetAsync(ct);
        await menu.RegisterAsync(ct);
        logger.LogInformation("Bot @{Username} is polling {ApiBaseUrl} from offset {Offset}", me.Username, _options.ApiBaseUrl,
            offsets.Confirmed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(Telegram's)");
        return offsets;
    }

    /// <summary>At shutdown: save the offset and tell Telegram, so that it forgets what was handled.</summary>
    private async Task ConfirmAsync()
    {
        if (_offsets is null)
        {
            return;
        }

        await keeper.SaveAsync(_offsets, CancellationToken.None);
        if (keeper.Saved is not { } offset)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await bot.GetUpdates(offset, limit: 1, timeout: 0, cancellationToken: timeout.Token);
            logger.LogInformation("Polling stopped; offset {Offset} confirmed", offset);
        }
        catch (Exception ex)
        {
            // The saved offset covers it: the next start skips what was handled.
            logger.LogInformation("Polling stopped; offset {Offset} saved but not confirmed to Telegram ({Error})", offset, ex.Message);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        ApiRequestException api => $"{api.ErrorCode}: {api.Message}",
        _ => ex.Message,
    };
}
