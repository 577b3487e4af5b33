using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Observability;

namespace Uplink.Bot;

/// <summary>
/// Every Bot API call goes through here (a handler on Telegram.Bot's HttpClient), so commands keep
/// calling <c>ITelegramBotClient</c> and still: keep to the flood limits, wait <c>retry_after</c> on
/// 429 and send the same request again, retry 5xx with backoff, and report a chat that blocked the
/// bot (403) instead of retrying. This is the only retry policy: Telegram.Bot's own is turned off.
/// getUpdates is only timed out here; the polling loop owns its retries.
/// </summary>
internal sealed class TelegramSender(
    FloodControl flood,
    IEnumerable<IChatBlockedHandler> blockedHandlers,
    IOptions<BotOptions> options,
    UplinkMetrics metrics,
    TimeProvider time,
    ILogger<TelegramSender> logger) : DelegatingHandler
{
    public const int MaxRateLimitRetries = 5;
    public const int MaxServerErrorRetries = 3;
    public static readonly TimeSpan ServerErrorInitialDelay = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // Never log the URL: it carries the token. The method is its last segment.
        var path = request.RequestUri?.AbsolutePath ?? "";
        var isFile = path.StartsWith("/file/", StringComparison.Ordinal);
        var method = isFile ? "file download" : path[(path.LastIndexOf('/') + 1)..];
        if (method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase))
        {
            return await SendOnceAsync(request, method, options.Value.GetUpdatesTimeout, ct);
        }

        var limited = !isFile && FloodControl.IsLimited(method);
        var chatId = await ChatIdAsync(request.Content, ct);
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(ct); // so that the same request can be sent again
        }

        var rateLimited = 0;
        var serverErrors = 0;
        while (true)
        {
            if (limited)
            {
                await flood.WaitAsync(chatId, ct);
            }

            var response = await SendOnceAsync(request, method, options.Value.RequestTimeout, ct);
            var status = (int)response.StatusCode;
            if (status == 429 && rateLimited++ < MaxRateLimitRetries)
            {
                var retryAfter = await RetryAfterAsync(response, ct);
                response.Dispose();
                // The timer exists before the line is logged: whoever reads it may move the clock on.
                var wait = Task.Delay(retryAfter, time, ct);
                logger.LogWarning("Telegram flood control on {Method}: sending again in {Delay} (retry {Retry})", method, retryAfter, rateLimited);
                await wait;
                continue;
            }

            if (status >= 500 && serverErrors++ < MaxServerErrorRetries)
            {
                var delay = Backoff.Delay(serverErrors, ServerErrorInitialDelay, TimeSpan.FromSeconds(30));
                response.Dispose();
                var wait = Task.Delay(delay, time, ct);
                logger.LogWarning("Telegram answered {Status} to {Method}: sending again in {Delay} (retry {Retry})",
                    status, method, delay, serverErrors);
                await wait;
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Forbidden && long.TryParse(chatId, out var blockedChat))
            {
                await ReportBlockedAsync(blockedChat, response, ct);
            }

            return response;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, string method, TimeSpan timeout, CancellationToken ct)
    {
        using var attempt = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, attempt.Token);
        try
        {
            var response = await base.SendAsync(request, linked.Token);
            metrics.TelegramCall(method, (int)response.StatusCode);
            return response;
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            metrics.TelegramCall(method, 0);
            // Telegram.Bot turns this into a RequestException; its message names the method, not the URL.
            throw new TimeoutException($"Telegram did not answer {method} within {timeout}.");
        }
        catch (HttpRequestException)
        {
            metrics.TelegramCall(method, 0); // no answer at all: connection refused or dropped
            throw;
        }
    }

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

    private async Task ReportBlockedAsync(long chatId, HttpResponseMessage response, CancellationToken ct)
    {
        var reason = await response.Content.ReadAsStringAsync(ct);
        try
        {
            reason = JsonDocument.Parse(reason).RootElement.GetProperty("description").GetString() ?? reason;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }

        logger.LogInformation("Chat {ChatId} cannot be reached: {Reason}", chatId, reason);
        foreach (var handler in blockedHandlers)
        {
            try
            {
                await handler.ChatBlockedAsync(chatId, reason, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not record that chat {ChatId} cannot be reached", chatId);
            }
        }
    }

    /// <summary>The request's chat_id, from its JSON body or multipart form (files).</summary>
    private static async Task<string?> ChatIdAsync(HttpContent? content, CancellationToken ct)
    {
        if (content is MultipartContent multipart)
        {
            var part = multipart.FirstOrDefault(p => p.Headers.ContentDisposition?.Name?.Trim('"') == "chat_id");
            return part is null ? null : await part.ReadAsStringAsync(ct);
        }

        if (content?.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(await content.ReadAsStringAsync(ct));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("chat_id", out var id)
                ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
