using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Features.Events;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Admin;

/// <summary>
/// The admins' conversation that writes a broadcast: the message (formatted text, or a photo with
/// a caption) → the audience (everyone, or one coming event's attendees) → a preview with the
/// recipient count → send. Back and Cancel on every step; the draft lives in the database.
/// </summary>
internal sealed class BroadcastWizard(
    UplinkDbContext db, ITelegramBotClient bot, Broadcasts broadcasts, EventService events, AdminAccess access, TimeProvider time)
{
    public const string Command = "/bdraft";

    public async Task StartAsync(BotContext context, CancellationToken ct)
    {
        await db.BroadcastDrafts.Where(d => d.TelegramUserId == context.From.Id).ExecuteDeleteAsync(ct);
        var draft = new BroadcastDraft { TelegramUserId = context.From.Id, Step = BroadcastStep.Message, UpdatedAt = time.GetUtcNow() };
        db.BroadcastDrafts.Add(draft);
        await db.SaveChangesAsync(ct);
        await PromptAsync(context, draft, null, ct);
    }

    /// <summary>The admin's message at the first step; false when no draft waits for one.</summary>
    public async Task<bool> MessageAsync(BotContext context, CancellationToken ct)
    {
        if (await OpenAsync(context.From.Id, ct) is not { } draft || context.Update.Message is not { } message)
        {
            return false;
        }

        if (draft.Step != BroadcastStep.Message)
        {
            await PromptAsync(context, draft, "Draft.UseButtons", ct);
            return true;
        }

        var photo = message.Photo?.MaxBy(p => p.FileSize ?? p.Width * p.Height)?.FileId;
        var html = message.Text is { } text ? HtmlText.ToHtml(text, message.Entities) : HtmlText.ToHtml(message.Caption ?? "", message.CaptionEntities);
        string? problem = (photo, html.Length) switch
        {
            (null, 0) => "Broadcast.Empty",
            (null, > Broadcast.MaxTextLength) => "Broadcast.TooLong",
            (not null, > Broadcast.MaxCaptionLength) => "Broadcast.CaptionTooLong",
            _ => null,
        };
        if (problem is not null)
        {
            await PromptAsync(context, draft, problem, ct);
            return true;
        }

        draft.Text = html;
        draft.PhotoFileId = photo;
        await MoveAsync(context, draft, BroadcastStep.Audience, ct);
        return true;
    }

    /// <summary>The draft's buttons: <c>audience all|{event id}</c>, <c>back</c>, <c>send</c>, <c>cancel</c>.</summary>
    public async Task ButtonAsync(BotContext context, CancellationToken ct)
    {
        if (await OpenAsync(context.From.Id, ct) is not { } draft)
        {
            await bot.SendMessage(context.ChatId, context.T("Broadcast.Closed"), cancellationToken: ct);
            return;
        }

        var parts = context.Arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        switch (parts.FirstOrDefault())
        {
            case "audience" when draft.Step == BroadcastStep.Audience && parts.Length == 2:
                draft.EventId = long.TryParse(parts[1], out var eventId) ? eventId : null;
                await MoveAsync(context, draft, BroadcastStep.Confirm, ct);
                break;
            case "back":
                await MoveAsync(context, draft, draft.Step == BroadcastStep.Message ? draft.Step : draft.Step - 1, ct);
                break;
            case "send" when draft.Step == BroadcastStep.Confirm:
                await SendAsync(context, draft, ct);
                break;
            case "cancel":
                db.BroadcastDrafts.Remove(draft);
                await db.SaveChangesAsync(ct);
                await bot.SendMessage(context.ChatId, context.T("Broadcast.Discarded"), cancellationToken: ct);
                break;
            default:
                await PromptAsync(context, draft, null, ct);
                break;
        }
    }

    private async Task SendAsync(BotContext context, BroadcastDraft draft, CancellationToken ct)
    {
        db.BroadcastDrafts.Remove(draft);
        await db.SaveChangesAsync(ct);
        var broadcast = await broadcasts.CreateAsync(context.From.Id, draft.Text!, draft.PhotoFileId, draft.EventId, ct);
        var (text, markup) = BroadcastProgress.Render(broadcast, await broadcasts.CountsAsync(broadcast.Id, ct), context.Texts);
        var progress = await bot.SendMessage(context.ChatId, text, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
        await broadcasts.SetProgressMessageAsync(broadcast.Id, progress.MessageId, ct);
        // The sender starts at once: a small audience can be done before the message above existed,
        // and its final report then had nothing to edit. Finished by now means it is reported here.
        if (await broadcasts.FindAsync(broadcast.Id, ct) is { Status: BroadcastStatus.Completed or BroadcastStatus.Cancelled } done)
        {
            await BroadcastProgress.EditAsync(bot, done, await broadcasts.CountsAsync(done.Id, ct), context.Texts, ct);
        }
    }

    private async Task MoveAsync(BotContext context, BroadcastDraft draft, BroadcastStep step, CancellationToken ct)
    {
        draft.Step = step;
        draft.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await PromptAsync(context, draft, null, ct);
    }

    private async Task PromptAsync(BotContext context, BroadcastDraft draft, string? problem, CancellationToken ct)
    {
        var warning = problem is null ? "" : "⚠️ " + context.T(problem) + "\n\n";
        var rows = new List<InlineKeyboardButton[]>();
        string text;
        switch (draft.Step)
        {
            case BroadcastStep.Message:
                text = context.T("Broadcast.AskMessage");
                break;
            case BroadcastStep.Audience:
                text = context.T("Broadcast.AskAudience");
                rows.Add([Button(context.T("Broadcast.Everyone", await broadcasts.AudienceCountAsync(null, ct)), "audience all")]);
                foreach (var e in (await events.UpcomingAsync(1, 5, ct)).Items)
                {
                    var label = context.T("Broadcast.Attendees", e.Event.Title, e.GoingCount);
                    rows.Add([Button(label.Length <= 60 ? label : label[..59] + "…", $"audience {e.Event.Id}")]);
                }

                break;
            default:
                // The preview is the message itself, exactly as members will get it.
                if (draft.PhotoFileId is { } photo)
                {
                    await bot.SendPhoto(context.ChatId, InputFile.FromFileId(photo), draft.Text, ParseMode.Html, cancellationToken: ct);
                }
                else
                {
                    await bot.SendMessage(context.ChatId, draft.Text!, ParseMode.Html, cancellationToken: ct);
                }

                text = context.T("Broadcast.Confirm", await broadcasts.AudienceCountAsync(draft.EventId, ct));
                rows.Add([Button(context.T("Broadcast.Send"), "send")]);
                break;
        }

        rows.Add(draft.Step == BroadcastStep.Message
            ? [Button(context.T("Draft.Cancel"), "cancel")]
            : [Button(context.T("Draft.Back"), "back"), Button(context.T("Draft.Cancel"), "cancel")]);
        await bot.SendMessage(context.ChatId, warning + text, ParseMode.Html, replyMarkup: new InlineKeyboardMarkup(rows), cancellationToken: ct);
    }

    private async Task<BroadcastDraft?> OpenAsync(long telegramUserId, CancellationToken ct)
    {
        var draft = await db.BroadcastDrafts.FindAsync([telegramUserId], ct);
        if (draft is not null && (!access.IsAdmin(telegramUserId) || draft.UpdatedAt < time.GetUtcNow() - BroadcastDraft.Lifetime))
        {
            db.BroadcastDrafts.Remove(draft);
            await db.SaveChangesAsync(ct);
            return null;
        }

        return draft;
    }

    private static InlineKeyboardButton Button(string label, string action) =>
        InlineKeyboardButton.WithCallbackData(label, $"{Command} {action}");
}
