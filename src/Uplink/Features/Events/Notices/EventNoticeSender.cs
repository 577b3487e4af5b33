using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Events;

/// <summary>Finds the reminders and change notices that are due, claims each in the database, then sends it.</summary>
internal sealed class EventNoticeSender(UplinkDbContext db, ITelegramBotClient bot, BotLanguages languages, ILogger<EventNoticeSender> logger)
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);

    /// <summary>Changes older than this are not announced any more (people learnt of them elsewhere).</summary>
    private static readonly TimeSpan NoticeWindow = TimeSpan.FromDays(7);

    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = new List<Due>();
        await FindRemindersAsync(now, due, ct);
        await FindChangeNoticesAsync(now, due, ct);
        var sent = 0;
        foreach (var notice in due)
        {
            if (await ClaimAsync(notice, now, ct) && await SendAsync(notice, now, ct))
            {
                sent++;
            }
        }

        await db.EventConversations.Where(c => c.UpdatedAt < now - EventConversation.Lifetime).ExecuteDeleteAsync(ct);
        return sent;
    }

    /// <summary>
    /// One reminder per event at a time: within the last hour the 1-hour one, before that the
    /// 24-hour one (late, if the service was down when it was due). Each goes to those who were
    /// going when it fell due; someone answering 3 hours before gets only the 1-hour reminder.
    /// </summary>
    private async Task FindRemindersAsync(DateTimeOffset now, List<Due> due, CancellationToken ct)
    {
        var horizon = now + DayBefore;
        var events = await db.Events.AsNoTracking()
            .Where(e => e.Status == EventStatus.Scheduled && e.StartsAt > now && e.StartsAt <= horizon)
            .ToListAsync(ct);
        foreach (var e in events)
        {
            var kind = e.StartsAt - now <= HourBefore ? NoticeKind.Reminder1Hour : NoticeKind.Reminder24Hours;
            var answeredBy = e.StartsAt - (kind == NoticeKind.Reminder1Hour ? HourBefore : DayBefore);
            await AddAttendeesAsync(e, kind, e.StartsAt.ToUnixTimeSeconds(), answeredBy, due, ct);
        }
    }

    /// <summary>Each revision of a coming event (moved, cancelled, removed) is told once to those who answered before it.</summary>
    private async Task FindChangeNoticesAsync(DateTimeOffset now, List<Due> due, CancellationToken ct)
    {
        var since = now - NoticeWindow;
        var events = await db.Events.AsNoTracking()
            .Where(e => e.Revision > 0 && e.ChangedAt != null && e.ChangedAt > since && e.StartsAt > now)
            .ToListAsync(ct);
        foreach (var e in events)
        {
            var kind = e.Status == EventStatus.Scheduled ? NoticeKind.Moved : NoticeKind.Cancelled;
            await AddAttendeesAsync(e, kind, e.Revision, e.ChangedAt!.Value - TimeSpan.FromTicks(1), due, ct);
        }
    }

    private async Task AddAttendeesAsync(Event e, NoticeKind kind, long stamp, DateTimeOffset answeredBy, List<Due> due, CancellationToken ct)
    {
        var attendees = await (
            from r in db.EventRsvps
            join m in db.Members on r.MemberId equals m.Id
            where r.EventId == e.Id && r.Going && r.UpdatedAt <= answeredBy &&
                  !db.EventNotices.Any(n => n.EventId == e.Id && n.MemberId == r.MemberId && n.Kind == kind && n.Stamp == stamp)
            select new { m.Id, m.TelegramUserId, m.LanguageCode }).ToListAsync(ct);
        due.AddRange(attendees.Select(a => new Due(e, a.Id, a.TelegramUserId, a.LanguageCode, kind, stamp)));
    }

    /// <summary>Insert first: the unique key lets exactly one instance (or run) win each notice.</summary>
    private async Task<bool> ClaimAsync(Due notice, DateTimeOffset now, CancellationToken ct)
    {
        var row = new EventNotice { EventId = notice.Event.Id, MemberId = notice.MemberId, Kind = notice.Kind, Stamp = notice.Stamp, SentAt = now };
        db.EventNotices.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>At most once: a notice whose sending fails is not tried again (it would arrive late or twice).</summary>
    private async Task<bool> SendAsync(Due notice, DateTimeOffset now, CancellationToken ct)
    {
        // Each attendee's own language: no update of theirs is being handled.
        var (text, markup) = EventTexts.Notice(notice.Event, notice.Kind, now, languages.For(notice.LanguageCode));
        try
        {
            await bot.SendMessage(notice.TelegramUserId, text, ParseMode.Html, replyMarkup: markup, cancellationToken: ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Blocked bots, deleted accounts: the others still get theirs.
            logger.LogWarning(ex, "Could not send the {Kind} notice of event {EventId} to member {MemberId}",
                notice.Kind, notice.Event.Id, notice.MemberId);
            return false;
        }
    }

    private sealed record Due(Event Event, long MemberId, long TelegramUserId, string? LanguageCode, NoticeKind Kind, long Stamp);
}
