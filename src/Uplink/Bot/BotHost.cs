using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Leases;

namespace Uplink.Bot;

/// <summary>
/// Starts the receiving side chosen by <c>Telegram:Mode</c>, or says once why the bot is off.
/// Polling runs only on the instance holding the bot's polling lease (two pollers would get 409);
/// each time it takes the lease a new poller starts from the offset confirmed in the database.
/// </summary>
internal sealed class BotHost(
    IServiceProvider services, LeaseKeeper leases, BotStatus status, IOptions<BotOptions> options, ILogger<BotHost> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.BotToken))
        {
            logger.LogWarning("Telegram:BotToken is not set: the bot is off; the site and the API run without it");
            return Task.CompletedTask;
        }

        switch (o.Mode)
        {
            case BotMode.Polling:
                return leases.RunWhileHeldAsync($"telegram.polling.{o.BotId}", o.PollingLeaseTimeout,
                    held => ActivatorUtilities.CreateInstance<PollingService>(services).RunAsync(held),
                    status.Standby, stoppingToken);
            case BotMode.Webhook:
                return ActivatorUtilities.CreateInstance<WebhookService>(services).RunAsync(stoppingToken);
            default:
                logger.LogInformation("Telegram:Mode=None: the bot receives no updates by itself");
                return Task.CompletedTask;
        }
    }
}
