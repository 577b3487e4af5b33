using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Admin;

/// <summary>
/// Sends broadcasts. A broadcast is sent by the one instance holding its lease (a conditional
/// UPDATE, renewed with every batch); recipients are claimed a batch at a time (Pending → Sending,
/// another conditional UPDATE) and each outcome is recorded as soon as the batch's sends return.
/// Every message goes through the bot's one sender, so Telegram's flood limits pace it.
/// </summary>
/// <remarks>
/// A stop lets the batch in flight finish and record (its sends are not cancelled). If an instance
/// dies between sending and recording, its batch's rows stay Sending; the next holder of the lease
/// marks them Unconfirmed and does not send them again: nobody gets the message twice, at the cost
/// of not knowing whether those few (at most one batch) got it.
/// </remarks>
internal sealed class BroadcastSender(
    IServiceScopeFactory scopes, BroadcastSignal signal, BotLanguages languages, TimeProvider time, IOptions<BroadcastOptions> options,
    IOptions<BotOptions> botOptions, ILogger<BroadcastSender> logger) : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private BroadcastOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(botOptions.Value.BotToken))
        {
            return; // the bot is off: nothing can be sent
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending broadcasts failed; trying again in {Delay}", Options.PollInterval);
            }

            if (!worked)
            {
                await WaitAsync(stoppingToken);
            }
        }
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(Options.PollInterval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await signal.Wakeups.ReadAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            // the interval passed, or the host is stopping (the loop sees which)
        }
    }

    /// <summary>Takes one broadcast that needs sending and sends it until it is done, paused, cancelled or lost; false when there was none.</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        var now = time.GetUtcNow();
        var candidate = await db.Broadcasts.AsNoTracking()
            .Where(b => b.Status == BroadcastStatus.Sending && (b.ClaimedBy == null || b.ClaimedBy == _instance || b.ClaimedUntil < now))
            .OrderBy(b => b.Id).Select(b => new { b.Id, b.ClaimedBy }).FirstOrDefaultAsync(stoppingToken);
        if (candidate is null || !await ClaimAsync(db, candidate.Id, stoppingToken))
        {
            return false;
        }

        if (candidate.ClaimedBy != _instance)
        {
            // Taken over: whatever the previous holder claimed and never recorded may have gone out.
            var unconfirmed = await db.BroadcastDeliveries
                .Where(d => d.BroadcastId == candidate.Id && d.Status == DeliveryStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Unconfirmed), stoppingToken);
            if (unconfirmed > 0)
            {
                logger.LogWarning("Broadcast {BroadcastId}: {Count} deliveries of an instance that stopped are unconfirmed and not sent again",
                    candidate.Id, unconfirmed);
            }
        }

        var bot = scope.ServiceProvider.GetRequiredService<ITelegramBotClient>();
        var broadcasts = scope.ServiceProvider.GetRequiredService<Broadcasts>();
        await SendAsync(db, bot, broadcasts, candidate.Id, stoppingToken);
        return true;
    }

    private async Task SendAsync(UplinkDbContext db, ITelegramBotClient bot, Broadcasts broadcasts, long id, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var b = await broadcasts.FindAsync(id, CancellationToken.None);
                if (b is null || b.Status != BroadcastStatus.Sending)
                {
                    if (b is not null)
                    {
                        await ReportAsync(db, bot, broadcasts, b, force: true);
                    }

                    return; // paused or cancelled: the progress message shows the figures at that point
                }

                var batch = await ClaimBatchAsync(db, id, stoppingToken);
                if (batch.Count == 0)
                {
                    await db.Broadcasts.Where(x => x.Id == id && x.Status == BroadcastStatus.Sending)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, BroadcastStatus.Completed).SetProperty(x => x.FinishedAt, time.GetUtcNow()),
                            CancellationToken.None);
                    logger.LogInformation("Broadcast {BroadcastId} completed", id);
                    await ReportAsync(db, bot, broadcasts, (await broadcasts.FindAsync(id, CancellationToken.None))!, force: true);
                    return;
                }

                // Not cancelled by a stop: a send that reached Telegram must be recorded, or it would be unconfirmed.
                var outcomes = await Task.WhenAll(batch.Select(d => DeliverAsync(bot, b, d.ChatId, CancellationToken.None)));
                await RecordAsync(db, batch, outcomes);
                if (!await ClaimAsync(db, id, CancellationToken.None))
                {
                    logger.LogWarning("Broadcast {BroadcastId}: lease lost to another instance", id);
                    return;
                }

                await ReportAsync(db, bot, broadcasts, b, force: false);
            }
        }
        finally
        {
            // Let another instance (or this one after a restart) take it without waiting for the lease to run out.
            await db.Broadcasts.Where(x => x.Id == id && x.ClaimedBy == _instance)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null),
                    CancellationToken.None);
        }
    }

    private async Task<bool> ClaimAsync(UplinkDbContext db, long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + Options.Lease;
        return await db.Broadcasts
            .Where(b => b.Id == id && b.Status == BroadcastStatus.Sending &&
                (b.ClaimedBy == null || b.ClaimedBy == _instance || b.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedBy, _instance).SetProperty(b => b.ClaimedUntil, until), ct) > 0;
    }

    private async Task<List<BroadcastDelivery>> ClaimBatchAsync(UplinkDbContext db, long id, CancellationToken ct)
    {
        // A stop is heeded before the claim only: one between the claim and reading it back would leave
        // the batch Sending, never sent, and the next holder would mark it Unconfirmed.
        ct.ThrowIfCancellationRequested();
        var batch = Guid.NewGuid().ToString("N");
        var next = db.BroadcastDeliveries.Where(d => d.BroadcastId == id && d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.Id).Take(Options.BatchSize).Select(d => d.Id);
        // The status is checked again by the UPDATE itself: a row another instance claimed meanwhile is not taken twice.
        await db.BroadcastDeliveries.Where(d => next.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.Batch, batch), CancellationToken.None);
        return await db.BroadcastDeliveries.AsNoTracking().Where(d => d.Batch == batch).ToListAsync(CancellationToken.None);
    }

    private async Task<DeliveryStatus> DeliverAsync(ITelegramBotClient bot, Broadcast b, long chatId, CancellationToken ct)
    {
        try
        {
            if (b.PhotoFileId is { } photo)
            {
                await bot.SendPhoto(chatId, InputFile.FromFileId(photo), b.Text, ParseMode.Html, cancellationToken: ct);
            }
            else
            {
                await bot.SendMessage(chatId, b.Text, ParseMode.Html, cancellationToken: ct);
            }

            return DeliveryStatus.Sent;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403)
        {
            return DeliveryStatus.Blocked; // the sender has marked the member unreachable
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Broadcast {BroadcastId} could not reach chat {ChatId}", b.Id, chatId);
            return DeliveryStatus.Failed;
        }
    }

    private async Task RecordAsync(UplinkDbContext db, List<BroadcastDelivery> batch, DeliveryStatus[] outcomes)
    {
        var now = time.GetUtcNow();
        foreach (var group in batch.Zip(outcomes).GroupBy(x => x.Second, x => x.First.Id))
        {
            var ids = group.ToList();
            var status = group.Key;
            await db.BroadcastDeliveries.Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.SentAt, now), CancellationToken.None);
        }
    }

    /// <summary>Edits the progress message, at most every <see cref="BroadcastOptions.ProgressInterval"/> unless <paramref name="force"/>d.</summary>
    private async Task ReportAsync(UplinkDbContext db, ITelegramBotClient bot, Broadcasts broadcasts, Broadcast b, bool force)
    {
        var now = time.GetUtcNow();
        var due = now - Options.ProgressInterval;
        if (!force && await db.Broadcasts.Where(x => x.Id == b.Id && (x.ProgressAt == null || x.ProgressAt <= due))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ProgressAt, now), CancellationToken.None) == 0)
        {
            return;
        }

        var current = await broadcasts.FindAsync(b.Id, CancellationToken.None) ?? b;
        var language = await db.Members.Where(m => m.TelegramUserId == b.AdminTelegramId).Select(m => m.LanguageCode).FirstOrDefaultAsync();
        try
        {
            await BroadcastProgress.EditAsync(bot, current, await broadcasts.CountsAsync(b.Id, CancellationToken.None), languages.For(language),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not update the progress of broadcast {BroadcastId}", b.Id);
        }
    }
}
