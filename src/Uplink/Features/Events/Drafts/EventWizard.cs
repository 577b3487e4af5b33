using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Events;

/// <summary>
/// The admins' guided conversation that creates or edits an event: title → date and time →
/// place → description → confirm, with Back, Skip, Keep and Cancel buttons. Its state lives in
/// <see cref="EventConversation"/> rows, so it survives restarts.
/// </summary>
internal sealed class EventWizard(
    UplinkDbContext db, EventService events, ITelegramBotClient bot, EventUrls urls, TimeProvider time,
    IOptions<EventsOptions> options, IOptions<AdminOptions> admins)
{
    public async Task StartAsync(BotContext context, Event? editing, CancellationToken ct)
    {
        var draft = editing is null
            ? new EventDraft { TimeZone = options.Value.DefaultTimeZone }
            : new EventDraft
            {
                Title = editing.Title, StartsAt = editing.StartsAt, EndsAt = editing.EndsAt, TimeZone = editing.TimeZone,
                Place = editing.Place, Description = editing.Description,
            };
        var conversation = await db.EventConversations.FindAsync([context.From.Id], ct);
        if (conversation is null)
        {
            conversation = new EventConversation { TelegramUserId = context.From.Id };
            db.EventConversations.Add(conversation);
        }

        conversation.EventId = editing?.Id;
        await MoveToAsync(context, conversation, draft, DraftStep.Title, null, ct);
    }

    /// <summary>Takes the admin's text for the current step; false when no draft is open.</summary>
    public async Task<bool> TextAsync(BotContext context, string text, CancellationToken ct)
    {
        if (await OpenAsync(context.From.Id, ct) is not { } conversation)
        {
            return false;
        }

        var draft = conversation.Read();
        RuleProblem? problem = null;
        switch (conversation.Step)
        {
            case DraftStep.Title:
                (var title, problem) = EventRules.Title(text);
                draft = draft with { Title = title };
                break;
            case DraftStep.When:
                if (DraftInput.ParseWhen(text, draft.TimeZone ?? options.Value.DefaultTimeZone, out problem) is { } when)
                {
                    problem = EventRules.Times(when.Start, when.End, time.GetUtcNow());
                    draft = draft with { StartsAt = when.Start, EndsAt = when.End, TimeZone = when.Zone };
                }

                break;
            case DraftStep.Place:
                (var place, problem) = EventRules.Text(text, Event.MaxPlaceLength, multiline: false);
                draft = draft with { Place = place };
                break;
            case DraftStep.Description:
                (var description, problem) = EventRules.Text(text, Event.MaxDescriptionLength, multiline: true);
                draft = draft with { Description = description };
                break;
            default:
                problem = new RuleProblem("Draft.UseButtons");
                break;
        }

        if (problem is not null)
        {
            await PromptAsync(context, conversation, conversation.Read(), problem, ct);
            return true;
        }

        await MoveToAsync(context, conversation, draft, conversation.Step + 1, null, ct);
        return true;
    }

    /// <summary>The draft's buttons: back, skip (clears an optional field), keep (an edit's current value), save, cancel.</summary>
    public async Task ButtonAsync(BotContext context, string action, CancellationToken ct)
    {
        if (await OpenAsync(context.From.Id, ct) is not { } conversation)
        {
            await bot.SendMessage(context.ChatId, context.T("Draft.Closed"), cancellationToken: ct);
            return;
        }

        var draft = conversation.Read();
        switch (action)
        {
            case "back":
                await MoveToAsync(context, conversation, draft, conversation.Step == DraftStep.Title ? DraftStep.Title : conversation.Step - 1, null, ct);
                break;
            case "skip" when conversation.Step is DraftStep.Place or DraftStep.Description:
                draft = conversation.Step == DraftStep.Place ? draft with { Place = null } : draft with { Description = null };
                await MoveToAsync(context, conversation, draft, conversation.Step + 1, null, ct);
                break;
            case "keep" when conversation.EventId is not null && conversation.Step < DraftStep.Confirm:
                await MoveToAsync(context, conversation, draft, conversation.Step + 1, null, ct);
                break;
            case "save" when conversation.Step == DraftStep.Confirm:
                await SaveAsync(context, conversation, draft, ct);
                break;
            case "cancel":
                await DiscardAsync(context, ct);
                break;
            default:
                await PromptAsync(context, conversation, draft, null, ct);
                break;
        }
    }

    /// <summary>Drops the admin's draft, if any.</summary>
    public async Task DiscardAsync(BotContext context, CancellationToken ct)
    {
        var dropped = await db.EventConversations.Where(c => c.TelegramUserId == context.From.Id).ExecuteDeleteAsync(ct) > 0;
        await bot.SendMessage(context.ChatId, dropped
            ? context.T("Draft.Discarded")
            : context.T("Draft.NothingToCancel"), cancellationToken: ct);
    }

    private async Task SaveAsync(BotContext context, EventConversation conversation, EventDraft draft, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The draft may have waited for hours: the start must still lie ahead (unless an edit kept it).
        var editing = conversation.EventId is { } id ? await events.FindForUpdateAsync(id, ct) : null;
        var keptStart = editing is not null && editing.StartsAt == draft.StartsAt;
        if (EventRules.Times(draft.StartsAt!.Value, draft.EndsAt, keptStart ? null : now) is { } problem)
        {
            await MoveToAsync(context, conversation, draft, DraftStep.When, problem, ct);
            return;
        }

        if (conversation.EventId is not null && editing is not { IsLocal: true, Status: EventStatus.Scheduled })
        {
            db.EventConversations.Remove(conversation);
            await db.SaveChangesAsync(ct);
            await bot.SendMessage(context.ChatId, context.T("Draft.NotEditable"), cancellationToken: ct);
            return;
        }

        var input = new EventInput(draft.Title!, draft.StartsAt.Value, draft.EndsAt, draft.TimeZone!, draft.Place, draft.Description,
            editing?.Link, editing?.ImageUrl);
        Event saved;
        if (editing is null)
        {
            saved = await events.CreateAsync(input, ct);
        }
        else
        {
            await events.UpdateAsync(editing, input, ct);
            saved = editing;
        }

        db.EventConversations.Remove(conversation);
        await db.SaveChangesAsync(ct);
        var view = await events.FindAsync(saved.Id, ct) ?? new EventView(saved, 0);
        var (card, markup) = EventTexts.Card(view, null, admin: true, now, urls, context.Texts);
        var headline = editing is null
            ? context.T("Draft.Created")
            : context.T("Draft.Saved");
        await bot.ShowAsync(context, headline + "\n\n" + card, markup, edit: false, ct);
    }

    private async Task MoveToAsync(BotContext context, EventConversation conversation, EventDraft draft, DraftStep step, RuleProblem? problem, CancellationToken ct)
    {
        conversation.Step = step;
        conversation.Write(draft);
        conversation.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await PromptAsync(context, conversation, draft, problem, ct);
    }

    private Task PromptAsync(BotContext context, EventConversation conversation, EventDraft draft, RuleProblem? problem, CancellationToken ct)
    {
        var (text, markup) = DraftPrompts.For(conversation, draft, problem, options.Value.DefaultTimeZone, context.Texts);
        return bot.ShowAsync(context, text, markup, edit: false, ct);
    }

    /// <summary>The admin's open draft; drafts of people who are no longer admins, or left too long, are dropped.</summary>
    private async Task<EventConversation?> OpenAsync(long telegramUserId, CancellationToken ct)
    {
        var conversation = await db.EventConversations.FindAsync([telegramUserId], ct);
        if (conversation is null)
        {
            return null;
        }

        if (!admins.Value.IsAdmin(telegramUserId) || conversation.UpdatedAt < time.GetUtcNow() - EventConversation.Lifetime)
        {
            db.EventConversations.Remove(conversation);
            await db.SaveChangesAsync(ct);
            return null;
        }

        return conversation;
    }
}
