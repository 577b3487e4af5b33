using Microsoft.Extensions.Options;
using Telegram.Bot;
using Uplink.Infrastructure.Web;

namespace Uplink.Bot;

/// <summary>
/// Webhook mode: handles what the last run left, points Telegram at <c>{Site:PublicUrl}/telegram/webhook</c>
/// with the secret token (retrying with backoff while Telegram cannot be reached), and forgets old update ids.
/// </summary>
internal sealed class WebhookService(
    ITelegramBotClient bot,
    WebhookInbox inbox,
    WebhookSecret secret,
    UpdateWorkers workers,
    BotStatus status,
    BotIdentity identity,
    BotMenu menu,
    IOptions<BotOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<WebhookService> logger)
{
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromHours(1);

    public string Url => site.Value.PublicUrl.AbsoluteUri.TrimEnd('/') + WebhookEndpoint.Path;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        status.Starting(BotMode.Webhook);
        using var handling = new CancellationTokenSource();
        workers.Start(handling.Token);
        try
        {
            await inbox.ReplayAsync(stoppingToken);
            await SetWebhookAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await ForgetOldAsync(stoppingToken);
                await Task.Delay(ForgetEvery, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // The webhook stays set: Telegram keeps the updates and delivers them once we are back.
            await workers.DrainAsync(options.Value.ShutdownTimeout, handling);
        }
    }

    private async Task SetWebhookAsync(CancellationToken ct)
    {
        var o = options.Value;
        for (var failures = 0; ; )
        {
            try
            {
                await bot.SetWebhook(Url, secretToken: secret.Value, maxConnections: Math.Min(o.Concurrency * 2, 100),
                    cancellationToken: ct);
                var me = await identity.GetAsync(ct);
                await menu.RegisterAsync(ct);
                status.Receiving(polled: false);
                logger.LogInformation("Bot @{Username} receives updates by webhook at {Url}", me.Username, Url);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff.Delay(failures, o.ReconnectInitialDelay, o.ReconnectMaxDelay);
                logger.LogWarning(ex, "setWebhook failed (attempt {Attempt}): {Error}; next attempt in {Delay}", failures, ex.Message, delay);
                var wait = Task.Delay(delay, time, ct);
                status.Failed(BotState.BackingOff, failures, delay, ex.Message);
                await wait;
            }
        }
    }

    private async Task ForgetOldAsync(CancellationToken ct)
    {
        try
        {
            await inbox.ForgetOldAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not forget old webhook update ids; will try again");
        }
    }
}
