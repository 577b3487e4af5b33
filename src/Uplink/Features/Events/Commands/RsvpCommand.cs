using System.Globalization;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Events;

/// <summary>The "I'm going" / "Can't go" buttons of a card: <c>/rsvp {id} yes|no</c>. Pressing twice changes nothing.</summary>
internal sealed class RsvpCommand(
    ITelegramBotClient bot, EventService events, EventMembers members, EventUrls urls, IOptions<AdminOptions> admins,
    MemberActivity activity) : IBotCommand
{
    public const string Name = "/rsvp";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var parts = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            parts[1] is not ("yes" or "no"))
        {
            await bot.SendMessage(context.ChatId, context.T("Bot.StaleButton"), cancellationToken: ct);
            return;
        }

        if (await members.MemberIdAsync(context.From.Id, ct) is not { } memberId)
        {
            await bot.SendMessage(context.ChatId, ProfileCommand.NotRegistered(context), cancellationToken: ct);
            return;
        }

        var (outcome, _) = await events.RsvpAsync(id, memberId, parts[1] == "yes", ct);
        await activity.MarkActiveAsync(context.From.Id, ct);
        if (outcome == RsvpOutcome.UnknownEvent || await events.FindAsync(id, ct) is not { } view)
        {
            await bot.SendMessage(context.ChatId, context.T("Event.NoSuchEvent"), cancellationToken: ct);
            return;
        }

        // The card shows the outcome: the new answer and count, or that the event is cancelled or over.
        var answer = context.IsPrivate() ? await events.AnswerOfAsync(id, memberId, ct) : null;
        var (text, markup) = EventTexts.Card(view, answer, admins.Value.IsAdmin(context.From.Id), events.Now, urls, context.Texts);
        await bot.ShowAsync(context, text, markup, edit: true, ct);
    }
}

/// <summary>Members as the event commands need them: by Telegram user id.</summary>
internal sealed class EventMembers(MemberDirectory members, EventService events)
{
    public Task<long?> MemberIdAsync(long telegramUserId, CancellationToken ct) =>
        members.FindIdByTelegramIdAsync(telegramUserId, ct);

    public async Task<bool?> AnswerOfAsync(long telegramUserId, long eventId, CancellationToken ct) =>
        await MemberIdAsync(telegramUserId, ct) is { } memberId ? await events.AnswerOfAsync(eventId, memberId, ct) : null;
}
