using Microsoft.Extensions.Options;

namespace Uplink.Bot;

/// <summary>Starts the receiving side chosen by <c>Telegram:Mode</c>, or says once why the bot is off.</summary>
internal sealed class BotHost(IServiceProvider services, IOptions<BotOptions> options, ILogger<BotHost> logger)
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
                return ActivatorUtilities.CreateInstance<PollingService>(services).RunAsync(stoppingToken);
            case BotMode.Webhook:
                return ActivatorUtilities.CreateInstance<WebhookService>(services).RunAsync(stoppingToken);
            default:
                logger.LogInformation("Telegram:Mode=None: the bot receives no updates by itself");
                return Task.CompletedTask;
        }
    }
}
