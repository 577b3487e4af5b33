using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace Uplink.Bot;

/// <summary>
/// The outer handler on Telegram.Bot's HttpClient, around the resilience pipeline
/// (<see cref="TelegramResilience"/>) that keeps to the flood limits and retries: it makes the
/// request resendable, names the method when an attempt timed out, and reports a chat that blocked
/// the bot (403, never retried) to the <see cref="IChatBlockedHandler"/>s.
/// </summary>
internal sealed class TelegramSender(IEnumerable<IChatBlockedHandler> blockedHandlers, ILogger<TelegramSender> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(ct); // so that the pipeline can send the same request again
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, ct);
        }
        catch (TimeoutRejectedException ex)
        {
            // Telegram.Bot turns this into a RequestException; its message names the method, not the URL.
            throw new TimeoutException($"Telegram did not answer {TelegramCall.Method(request)} within {ex.Timeout}.", ex);
        }

        if (response.StatusCode == HttpStatusCode.Forbidden && TelegramCall.Chat(request)?.Identifier is { } chatId)
        {
            await ReportBlockedAsync(chatId, response, ct);
        }

        return response;
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
}
