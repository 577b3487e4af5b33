using System.Globalization;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Events;

/// <summary>Checks shared by the admins' event commands.</summary>
internal sealed class EventAdmin(ITelegramBotClient bot, EventService events, IOptions<AdminOptions> admins)
{
    /// <summary>True for an admin in a private chat; everyone else gets a polite no.</summary>
    public async Task<bool> AllowedAsync(BotContext context, CancellationToken ct)
    {
        string? refusal = null;
        if (!admins.Value.IsAdmin(context.From.Id))
        {
            refusal = context.T("Only the community's admins can manage events.", "Управлять событиями могут только админы сообщества.");
        }
        else if ((context.Update.Message ?? context.Callback?.Message)?.Chat.Type is { } type && type != ChatType.Private)
        {
            refusal = context.T("Let's do this in a private chat with me.", "Давайте сделаем это в личном чате со мной.");
        }

        if (refusal is not null)
        {
            await bot.SendMessage(context.ChatId, refusal, cancellationToken: ct);
        }

        return refusal is null;
    }

    /// <summary>The event named by the first argument, if this instance may change it; otherwise says why not.</summary>
    public async Task<Event?> EditableAsync(BotContext context, CancellationToken ct)
    {
        var id = context.Arguments.Split(' ', 2)[0];
        var e = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId)
            ? await events.FindForUpdateAsync(eventId, ct)
            : null;
        var refusal = e switch
        {
            null => context.T("There is no such event.", "Такого события нет."),
            { IsLocal: false } => context.T(
                $"This event comes from {BotContext.Html(e.Source)}: change it there, and the next sync brings the change here.",
                $"Это событие пришло с {BotContext.Html(e.Source)}: измените его там, и следующая синхронизация принесёт изменения сюда."),
            { Status: not EventStatus.Scheduled } => context.T("This event was cancelled.", "Это событие отменено."),
            _ => null,
        };
        if (refusal is not null)
        {
            await bot.SendMessage(context.ChatId, refusal, ParseMode.Html, cancellationToken: ct);
            return null;
        }

        return e;
    }
}

/// <summary><c>/newevent</c> (admins): starts the guided draft of a new event.</summary>
internal sealed class NewEventCommand(EventAdmin admin, EventWizard wizard) : IBotCommand
{
    public const string Name = "/newevent";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await admin.AllowedAsync(context, ct))
        {
            await wizard.StartAsync(context, null, ct);
        }
    }
}

/// <summary><c>/editevent {id}</c> (admins): the same draft, filled with the event.</summary>
internal sealed class EditEventCommand(EventAdmin admin, EventWizard wizard) : IBotCommand
{
    public const string Name = "/editevent";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await admin.AllowedAsync(context, ct) && await admin.EditableAsync(context, ct) is { } e)
        {
            await wizard.StartAsync(context, e, ct);
        }
    }
}

/// <summary><c>/cancelevent {id}</c> (admins) asks to confirm; <c>/cancelevent {id} confirm</c> cancels and tells attendees.</summary>
internal sealed class CancelEventCommand(ITelegramBotClient bot, EventAdmin admin, EventService events) : IBotCommand
{
    public const string Name = "/cancelevent";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (!await admin.AllowedAsync(context, ct) || await admin.EditableAsync(context, ct) is not { } e)
        {
            return;
        }

        if (!context.Arguments.EndsWith(" confirm", StringComparison.Ordinal))
        {
            var markup = new InlineKeyboardMarkup([
                [InlineKeyboardButton.WithCallbackData(context.T("Yes, cancel it", "Да, отменить"), $"{Name} {e.Id} confirm")],
                [InlineKeyboardButton.WithCallbackData(context.T("No, keep it", "Нет, оставить"), $"{EventCardCommand.Name} {e.Id}")],
            ]);
            await bot.SendMessage(context.ChatId, context.T(
                $"Cancel <b>{BotContext.Html(e.Title)}</b>? Everyone going will be told.",
                $"Отменить <b>{BotContext.Html(e.Title)}</b>? Все, кто идёт, получат сообщение."), ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
            return;
        }

        await events.CancelAsync(e, ct);
        var going = await events.GoingCountAsync(e.Id, ct);
        await bot.SendMessage(context.ChatId, context.T(
            $"❌ <b>{BotContext.Html(e.Title)}</b> is cancelled. {going} attendee(s) will be told.",
            $"❌ <b>{BotContext.Html(e.Title)}</b> отменено. Сообщим участникам: {going}."), ParseMode.Html, cancellationToken: ct);
    }
}

/// <summary>The draft's buttons: <c>/draft back|skip|keep|save|cancel</c>.</summary>
internal sealed class DraftCommand(EventAdmin admin, EventWizard wizard) : IBotCommand
{
    public const string Name = "/draft";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await admin.AllowedAsync(context, ct))
        {
            await wizard.ButtonAsync(context, context.Arguments, ct);
        }
    }
}

/// <summary><c>/cancel</c>: drops the sender's event draft.</summary>
internal sealed class CancelDraftCommand(EventWizard wizard) : IBotCommand
{
    public const string Name = "/cancel";

    public Task HandleAsync(BotContext context, CancellationToken ct) => wizard.DiscardAsync(context, ct);
}

/// <summary>Plain text from an admin with an open draft is the answer to the draft's question.</summary>
internal sealed class EventDraftTextHandler(EventWizard wizard) : IBotTextHandler
{
    public Task<bool> TryHandleAsync(BotContext context, string text, CancellationToken ct) => wizard.TextAsync(context, text, ct);
}
