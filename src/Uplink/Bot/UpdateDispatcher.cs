using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Uplink.Infrastructure.Observability;

namespace Uplink.Bot;

/// <summary>
/// Routes one update to the command registered under its name. Polling and the webhook both call
/// it, each in a fresh DI scope per update. Failures stay here: the user gets a short apology and
/// the caller goes on with the next update.
/// </summary>
internal sealed class UpdateDispatcher(
    IServiceProvider services, ITelegramBotClient bot, BotIdentity identity, BotLanguages languages, UplinkMetrics metrics,
    ILogger<UpdateDispatcher> logger)
{
    public const string HelpCommand = "/help";

    public async Task DispatchAsync(Update update, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.Id });
        BotContext? context = null;
        try
        {
            context = update switch
            {
                { Message: { } message } => await FromMessageAsync(update, message, ct),
                { CallbackQuery: { } query } => FromCallback(update, query),
                _ => null,
            };
            if (context is null)
            {
                // Kinds Telegram.Bot does not know at all are worth a line at the default level.
                logger.Log(update.Type == UpdateType.Unknown ? LogLevel.Information : LogLevel.Debug,
                    "Update {UpdateId} of type {Type} ignored", update.Id, update.Type);
                metrics.BotUpdate("ignored");
                return;
            }

            using var user = logger.BeginScope(new Dictionary<string, object> { ["TelegramUserId"] = context.From.Id });
            await RunAsync(context, ct);
            metrics.BotUpdate("handled");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Update {UpdateId} failed", update.Id);
            metrics.BotUpdate("failed");
            await ApologizeAsync(context, ex, ct);
        }
    }

    private async Task RunAsync(BotContext context, CancellationToken ct)
    {
        if (PlainText(context) is { } plain)
        {
            foreach (var handler in services.GetServices<IBotTextHandler>())
            {
                if (await handler.TryHandleAsync(context, plain, ct))
                {
                    return;
                }
            }
        }

        var command = services.GetKeyedService<IBotCommand>(context.Command);
        if (command is null && context.Callback is null)
        {
            await bot.SendMessage(context.ChatId, context.T("Bot.UnknownCommand"), cancellationToken: ct);
            return;
        }

        if (command is not null)
        {
            logger.LogInformation("Handling {Command} for user {UserId}", context.Command, context.From.Id);
            await command.HandleAsync(context, ct);
        }

        if (context.Callback is { } query)
        {
            // Telegram shows a spinner on the button until the query is answered.
            var text = command is null ? context.T("Bot.StaleButton") : null;
            await bot.AnswerCallbackQuery(query.Id, text, cancellationToken: ct);
        }
    }

    private async Task<BotContext?> FromMessageAsync(Update update, Message message, CancellationToken ct)
    {
        if (message.From is not { IsBot: false } from)
        {
            return null; // channel posts, anonymous admins, other bots
        }

        var isPrivate = message.Chat.Type == ChatType.Private;
        var text = message.Text?.Trim();
        if (text is null || !text.StartsWith('/'))
        {
            // Stickers, photos and plain text: in a private chat, point to /help; in groups, stay quiet.
            return isPrivate ? new BotContext(update, from, message.Chat.Id, HelpCommand, "") { Texts = languages.For(from.LanguageCode) } : null;
        }

        var parts = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = parts[0];
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            // "/profile@SomeBot" in a group: answer only commands addressed to this bot.
            var me = await identity.GetAsync(ct);
            if (!string.Equals(name[(at + 1)..], me.Username, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            name = name[..at];
        }

        return new BotContext(update, from, message.Chat.Id, name.ToLowerInvariant(), parts.Length > 1 ? parts[1] : "")
        {
            Texts = languages.For(from.LanguageCode),
        };
    }

    /// <summary>
    /// The text of a non-command text message, or a photo's caption ("" without one), else null
    /// (private chats only reach here): a conversation may ask for a photo.
    /// </summary>
    private static string? PlainText(BotContext context) =>
        context is { Callback: null, Update.Message: { } message } &&
        (message.Text ?? message.Caption ?? (message.Photo is null ? null : "")) is { } text && !text.TrimStart().StartsWith('/')
            ? text.Trim()
            : null;

    private BotContext FromCallback(Update update, CallbackQuery query)
    {
        var parts = (query.Data ?? "").Split(' ', 2, StringSplitOptions.TrimEntries);
        // The message may be too old to be accessible; the user's private chat is then the place to answer.
        var chatId = query.Message?.Chat.Id ?? query.From.Id;
        return new BotContext(update, query.From, chatId, parts[0], parts.Length > 1 ? parts[1] : "")
        {
            Callback = query,
            Texts = languages.For(query.From.LanguageCode),
        };
    }

    private async Task ApologizeAsync(BotContext? context, Exception failure, CancellationToken ct)
    {
        if (context is null || failure is ApiRequestException { ErrorCode: 403 })
        {
            return; // nothing to answer, or the user blocked the bot: an apology cannot reach them either
        }

        try
        {
            await bot.SendMessage(context.ChatId, context.T("Bot.Apology"), cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not apologize for update {UpdateId}", context.Update.Id);
        }
    }
}
