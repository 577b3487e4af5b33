using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Admin;

/// <summary>The admin's one progress message of a broadcast, with its Pause, Resume and Cancel buttons.</summary>
internal static class BroadcastProgress
{
    public const string Command = "/bcast";

    public static (string Text, InlineKeyboardMarkup? Markup) Render(Broadcast b, DeliveryCounts c, BotTexts texts)
    {
        var status = texts["Broadcast.Status." + b.Status];
        var text = texts["Broadcast.Progress", b.Id, status, c.Sent, c.Left, c.Blocked, c.Failed + c.Unconfirmed, c.Total];
        if (b.Status is BroadcastStatus.Completed or BroadcastStatus.Cancelled)
        {
            text += "\n\n" + texts["Broadcast.Report", c.Sent, c.Blocked, c.Failed, c.Unconfirmed, c.Left];
        }

        InlineKeyboardMarkup? markup = b.Status switch
        {
            BroadcastStatus.Sending => new([[Button(texts["Broadcast.Pause"], "pause", b.Id), Button(texts["Broadcast.Cancel"], "cancel", b.Id)]]),
            BroadcastStatus.Paused => new([[Button(texts["Broadcast.Resume"], "resume", b.Id), Button(texts["Broadcast.Cancel"], "cancel", b.Id)]]),
            _ => null,
        };
        return (text, markup);
    }

    /// <summary>Edits the progress message in place; one Telegram refuses to change ("not modified") already says it.</summary>
    public static async Task EditAsync(ITelegramBotClient bot, Broadcast b, DeliveryCounts c, BotTexts texts, CancellationToken ct)
    {
        if (b.ProgressMessageId is not { } messageId)
        {
            return;
        }

        var (text, markup) = Render(b, c, texts);
        try
        {
            await bot.EditMessageText(b.AdminTelegramId, messageId, text, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
        }
        catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    private static InlineKeyboardButton Button(string label, string action, long id) =>
        InlineKeyboardButton.WithCallbackData(label, $"{Command} {action} {id}");
}
