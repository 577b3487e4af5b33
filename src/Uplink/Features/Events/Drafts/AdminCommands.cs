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
            refusal = context.T("Admin.OnlyAdmins");
        }
        else if ((context.Update.Message ?? context.Callback?.Message)?.Chat.Type is { } type && type != ChatType.Private)
        {
            refusal = context.T("Admin.PrivateChat");
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
            null => context.T("Event.NoSuchEvent"),
            { IsLocal: false } => context.T("Admin.Imported", BotContext.Html(e.Source)),
            { Status: not EventStatus.Scheduled } => context.T("Admin.WasCancelled"),
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
                [InlineKeyboardButton.WithCallbackData(context.T("Admin.CancelYes"), $"{Name} {e.Id} confirm")],
                [InlineKeyboardButton.WithCallbackData(context.T("Admin.CancelNo"), $"{EventCardCommand.Name} {e.Id}")],
            ]);
            await bot.SendMessage(context.ChatId, context.T("Admin.CancelConfirm", BotContext.Html(e.Title)), ParseMode.Html,
                replyMarkup: markup, cancellationToken: ct);
            return;
        }

        await events.CancelAsync(e, ct);
        var going = await events.GoingCountAsync(e.Id, ct);
        await bot.SendMessage(context.ChatId, context.T("Admin.CancelDone", BotContext.Html(e.Title), going), ParseMode.Html,
            cancellationToken: ct);
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
