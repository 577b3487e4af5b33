using Microsoft.Extensions.Options;
using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>
/// Sends due reminders (24 hours and 1 hour before the start) and notices of changes to
/// attendees: every <c>Events:ReminderCheckInterval</c>, and at once when this instance changed
/// an event. What was sent is recorded in the database, so a restart sends nothing twice.
/// </summary>
internal sealed class EventNotifier(
    IServiceScopeFactory scopes, EventSignals signals, EventJobsStatus status, IOptions<EventsOptions> options,
    IOptions<BotOptions> bot, TimeProvider time, ILogger<EventNotifier> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created with the host rather than in ExecuteAsync (another thread), so that the first
        // check is due one interval after start whatever a (test's) clock does meanwhile.
        _timer = new PeriodicTimer(options.Value.ReminderCheckInterval, time);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = _timer!;
        if (string.IsNullOrWhiteSpace(bot.Value.BotToken))
        {
            logger.LogInformation("The bot is off: event reminders are not sent");
            return;
        }

        // Ticks and wake-ups feed one loop; the channel holds one signal, so a burst makes one run.
        var ticks = PumpTicksAsync(timer, stoppingToken);
        signals.WakeNotifier(); // due now after a restart
        try
        {
            await foreach (var _ in signals.NotifierWakeups.ReadAllAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await ticks;
    }

    private async Task PumpTicksAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                signals.WakeNotifier();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sent = await scope.ServiceProvider.GetRequiredService<EventNoticeSender>().SendDueAsync(now, ct);
            if (sent > 0)
            {
                logger.LogInformation("Sent {Count} event reminder(s) and notice(s)", sent);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Looking for due event reminders failed; trying again in {Interval}", options.Value.ReminderCheckInterval);
        }
        finally
        {
            status.Notified(now);
        }
    }
}
