using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Uplink.Infrastructure.Observability;

namespace Uplink.Bot;

/// <summary>
/// The resilience pipeline of every Bot API call (the events feed uses the same library): a retry
/// that waits Telegram's <c>retry_after</c> on 429 and backs off on 5xx, then per attempt the flood
/// limits and a timeout, all on the injected <see cref="TimeProvider"/>. Telegram.Bot's own retry
/// is turned off; getUpdates is only timed out here, as the polling loop owns its retries.
/// </summary>
internal static class TelegramResilience
{
    public const int MaxRateLimitRetries = 5;
    public const int MaxServerErrorRetries = 3;
    public static readonly TimeSpan ServerErrorInitialDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ServerErrorMaxDelay = TimeSpan.FromSeconds(30);

    private static readonly ResiliencePropertyKey<Retries> RetriesKey = new("Uplink.Bot.Retries");

    public static IHttpClientBuilder AddTelegramResilience(this IHttpClientBuilder http)
    {
        http.AddResilienceHandler("telegram", (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
            var logger = services.GetRequiredService<ILogger<TelegramSender>>();
            pipeline
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    // The per-kind limits below stop first; this only bounds their sum.
                    MaxRetryAttempts = MaxRateLimitRetries + MaxServerErrorRetries,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
                    DelayGenerator = args => DelayAsync(args.Context, args.Outcome),
                    OnRetry = args =>
                    {
                        var retry = RetriesOf(args.Context).Count(args.Outcome.Result!);
                        logger.LogWarning("Telegram answered {Status} to {Method}: sending again in {Delay} (retry {Retry})",
                            (int)args.Outcome.Result!.StatusCode, TelegramCall.Method(args.Context.GetRequestMessage()), args.RetryDelay, retry);
                        return ValueTask.CompletedTask;
                    },
                })
                // Outside the attempt's timeout: waiting for a busy chat's turn is not Telegram being slow.
                .AddStrategy(_ => new TelegramAttempt(
                    services.GetRequiredService<FloodControl>(), services.GetRequiredService<UplinkMetrics>()), new TelegramAttempt.Options())
                .AddTimeout(new TimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(
                        TelegramCall.IsGetUpdates(TelegramCall.Method(args.Context.GetRequestMessage())) ? options.GetUpdatesTimeout : options.RequestTimeout),
                });
        });
        return http;
    }

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is not { } response || TelegramCall.IsGetUpdates(TelegramCall.Method(context.GetRequestMessage())))
        {
            return false; // no answer at all (refused, dropped, timed out) is the caller's to handle
        }

        var retries = RetriesOf(context);
        var status = (int)response.StatusCode;
        return (status == 429 && retries.RateLimited < MaxRateLimitRetries) ||
            (status >= 500 && retries.ServerErrors < MaxServerErrorRetries);
    }

    private static async ValueTask<TimeSpan?> DelayAsync(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var response = outcome.Result!;
        return (int)response.StatusCode == 429
            ? await RetryAfterAsync(response, context.CancellationToken)
            : Backoff.Delay(RetriesOf(context).ServerErrors + 1, ServerErrorInitialDelay, ServerErrorMaxDelay);
    }

    /// <summary>Telegram's <c>parameters.retry_after</c>, 1 s to 1 h.</summary>
    private static async Task<TimeSpan> RetryAfterAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var seconds = 1;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (body.RootElement.TryGetProperty("parameters", out var p) && p.TryGetProperty("retry_after", out var retry) &&
                retry.TryGetInt32(out var value))
            {
                seconds = value;
            }
        }
        catch (JsonException)
        {
            // A proxy's 429 page: wait the least Telegram would ask for.
        }

        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 3600));
    }

    private static Retries RetriesOf(ResilienceContext context)
    {
        if (!context.Properties.TryGetValue(RetriesKey, out var retries))
        {
            retries = new Retries();
            context.Properties.Set(RetriesKey, retries);
        }

        return retries;
    }

    /// <summary>Rate limits and server errors have their own budgets, as Telegram's answers to them differ.</summary>
    private sealed class Retries
    {
        public int RateLimited { get; private set; }

        public int ServerErrors { get; private set; }

        /// <summary>Counts the retry about to be made; returns its number within its kind.</summary>
        public int Count(HttpResponseMessage response) =>
            (int)response.StatusCode == 429 ? ++RateLimited : ++ServerErrors;
    }
}
