using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>
/// Long-polls getUpdates and hands each update to the dispatcher in a scope of its own.
/// Telegram.Bot's receiver retries a failed call at once; this loop backs off instead, and never
/// gives up while the host runs.
/// </summary>
internal sealed class PollingService(
    ITelegramBotClient bot,
    IServiceScopeFactory scopes,
    BotIdentity identity,
    IEnumerable<BotCommandDescription> commands,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<PollingService> logger)
{
    private readonly BotOptions _options = options.Value;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var started = false;
        int? offset = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await StartAsync(stoppingToken);
                    started = true;
                }

                var updates = await bot.GetUpdates(offset, limit: 100, timeout: _options.PollingTimeoutSeconds,
                    cancellationToken: stoppingToken);
                failures = 0;
                foreach (var update in updates)
                {
                    await HandleAsync(update, stoppingToken);
                    offset = update.Id + 1;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff.Delay(failures, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay);
                logger.LogWarning(ex, "Telegram call failed (attempt {Attempt}); retrying in {Delay}", failures, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task StartAsync(CancellationToken ct)
    {
        // A webhook left set by an earlier deployment makes getUpdates fail with 409.
        await bot.DeleteWebhook(cancellationToken: ct);
        var me = await identity.GetAsync(ct);
        var listed = commands.Where(c => c.Listed).ToList();
        await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.English)), cancellationToken: ct);
        await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.Russian)), languageCode: "ru",
            cancellationToken: ct);
        logger.LogInformation("Bot @{Username} is polling {ApiBaseUrl}", me.Username, _options.ApiBaseUrl);
    }

    private async Task HandleAsync(Update update, CancellationToken ct)
    {
        // One scope per update: a scope around the whole loop would share one DbContext forever.
        await using var scope = scopes.CreateAsyncScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<UpdateDispatcher>();
        await dispatcher.DispatchAsync(update, ct);
    }
}

/// <summary>Exponential backoff with jitter: initial, ×2 each failure, capped.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Min(failures - 1, 20);
        var baseDelay = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        // ±10 % so that several instances restarting together do not retry in lockstep.
        var jitter = 1 + ((Random.Shared.NextDouble() * 0.2) - 0.1);
        return TimeSpan.FromMilliseconds(Math.Min(baseDelay * jitter, max.TotalMilliseconds));
    }
}
