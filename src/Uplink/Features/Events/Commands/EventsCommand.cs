using System.Globalization;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Events;

/// <summary><c>/events [page]</c>: coming events, a page at a time; the paging buttons turn the page in place.</summary>
internal sealed class EventsCommand(ITelegramBotClient bot, EventService events, IOptions<AdminOptions> admins, MemberActivity activity)
    : IBotCommand
{
    public const string Name = "/events";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        await activity.ButtonPressedAsync(context, ct);
        var page = int.TryParse(context.Arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 10_000 ? p : 1;
        var (items, total) = await events.UpcomingAsync(page, EventTexts.ListPageSize, ct);
        if (items.Count == 0 && total > 0)
        {
            // A page that no longer exists (events passed since the buttons were made): the last one.
            page = (total + EventTexts.ListPageSize - 1) / EventTexts.ListPageSize;
            (items, total) = await events.UpcomingAsync(page, EventTexts.ListPageSize, ct);
        }

        var (text, markup) = EventTexts.List(items, page, total, admins.Value.IsAdmin(context.From.Id), context.Texts);
        // Paging edits the list; the menu button and the command send a new one.
        await bot.ShowAsync(context, text, markup, edit: context.Arguments.Length > 0, ct);
    }
}

/// <summary><c>/event {id}</c>: an event's card (the buttons of the list open it).</summary>
internal sealed class EventCardCommand(
    ITelegramBotClient bot, EventService events, EventMembers members, EventUrls urls, IOptions<AdminOptions> admins,
    MemberActivity activity) : IBotCommand
{
    public const string Name = "/event";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        await activity.ButtonPressedAsync(context, ct);
        if (!long.TryParse(context.Arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            await events.FindAsync(id, ct) is not { } view)
        {
            await bot.SendMessage(context.ChatId, context.T("Event.NoSuchEvent"), cancellationToken: ct);
            return;
        }

        var answer = context.IsPrivate() ? await members.AnswerOfAsync(context.From.Id, id, ct) : null;
        var (text, markup) = EventTexts.Card(view, answer, admins.Value.IsAdmin(context.From.Id), events.Now, urls, context.Texts);
        await bot.ShowAsync(context, text, markup, edit: false, ct);
    }
}

internal static class BotMessages
{
    /// <summary>
    /// Cards in a group are seen by everyone: they show the count, not the answer of whoever
    /// pressed a button last.
    /// </summary>
    public static bool IsPrivate(this BotContext context) =>
        (context.Update.Message ?? context.Callback?.Message)?.Chat.Type is null or ChatType.Private;

    /// <summary>
    /// Sends an HTML message, or edits the message the pressed button sits under. Telegram refuses
    /// an edit that changes nothing ("message is not modified"): the message already shows it.
    /// </summary>
    public static async Task ShowAsync(
        this ITelegramBotClient bot, BotContext context, string text, InlineKeyboardMarkup markup, bool edit, CancellationToken ct)
    {
        if (edit && context.Callback?.Message is { } message)
        {
            try
            {
                await bot.EditMessageText(message.Chat.Id, message.MessageId, text, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
            }
            catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
            }

            return;
        }

        await bot.SendMessage(context.ChatId, text, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
    }
}
