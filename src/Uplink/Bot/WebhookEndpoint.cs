using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Uplink.Infrastructure.Web;

namespace Uplink.Bot;

/// <summary>
/// <c>POST /telegram/webhook</c>: checks the secret token, answers at once and leaves the handling
/// to the background, so a slow handler never makes Telegram retry. Bad input gets a 4xx and a log
/// line, never a 500.
/// </summary>
internal static class WebhookEndpoint
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram's updates are a few kilobytes; anything near this is not one of them.</summary>
    public const long MaxBodyBytes = WebExtensions.MaxRequestBodyBytes;

    public static RouteHandlerBuilder MapBotWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync).ExcludeFromDescription();

    private static async Task<Results<Ok, NotFound, ProblemHttpResult>> HandleAsync(
        HttpContext http, IOptions<BotOptions> options, WebhookSecret secret, WebhookInbox inbox, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        if (options.Value is not { Enabled: true, Mode: BotMode.Webhook })
        {
            return TypedResults.NotFound();
        }

        // Never log what was sent as the secret: it may be the real one with a typo.
        if (!secret.Matches(http.Request.Headers[SecretHeader].FirstOrDefault()))
        {
            logger.LogWarning("Webhook call without the right secret token from {RemoteIp}: refused", http.Connection.RemoteIpAddress);
            return Problem(StatusCodes.Status401Unauthorized, "Missing or wrong secret token");
        }

        var body = await ReadBodyAsync(http, logger);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Update too large", $"Updates are at most {MaxBodyBytes} bytes.");
        }

        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Webhook: malformed update refused ({Error})", ex.Message);
            return Problem(StatusCodes.Status400BadRequest, "Malformed update", "The body is not a Telegram Update in JSON.");
        }

        if (update is not { Id: > 0 })
        {
            logger.LogWarning("Webhook: JSON without an update_id refused");
            return Problem(StatusCodes.Status400BadRequest, "Malformed update", "An update needs a positive update_id.");
        }

        var outcome = await inbox.AcceptAsync(update, System.Text.Encoding.UTF8.GetString(body), http.RequestAborted);
        if (outcome == WebhookOutcome.Busy)
        {
            http.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Busy", "Too many updates are waiting; deliver this one later.");
        }

        return TypedResults.Ok();
    }

    /// <summary>The body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, ILogger logger)
    {
        var declared = http.Request.ContentLength;
        if (declared > MaxBodyBytes)
        {
            logger.LogWarning("Webhook: request of {Length} bytes refused", declared);
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    logger.LogWarning("Webhook: request over {Max} bytes refused", MaxBodyBytes);
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            logger.LogWarning("Webhook: request over the server's body limit refused");
            return null;
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
