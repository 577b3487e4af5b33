using Microsoft.EntityFrameworkCore;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Events;

internal enum RsvpOutcome
{
    Saved,
    UnknownEvent,
    Cancelled,
    Over,
}

/// <summary>Event logic shared by the API, the bot, the pages and the importer.</summary>
internal sealed class EventService(UplinkDbContext db, TimeProvider time, EventSignals signals, ILogger<EventService> logger)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;

    /// <summary>Past events stay in the calendar feed this long, so subscribers keep their history.</summary>
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(30);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Scheduled events that have not ended, soonest first.</summary>
    public async Task<(IReadOnlyList<EventView> Items, int Total)> UpcomingAsync(int page, int pageSize, CancellationToken ct)
    {
        var now = Now;
        var query = db.Events.AsNoTracking()
            .Where(e => e.Status == EventStatus.Scheduled && (e.StartsAt > now || (e.EndsAt != null && e.EndsAt > now)));
        var total = await query.CountAsync(ct);
        var events = await query.OrderBy(e => e.StartsAt).ThenBy(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (await WithCountsAsync(events, ct), total);
    }

    public async Task<EventView?> FindAsync(long id, CancellationToken ct) =>
        await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } e
            ? (await WithCountsAsync([e], ct))[0]
            : null;

    /// <summary>Tracked, for changes.</summary>
    public Task<Event?> FindForUpdateAsync(long id, CancellationToken ct) => db.Events.FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>What the calendar feed carries: recent and coming events, cancelled ones marked as such.</summary>
    public async Task<IReadOnlyList<Event>> CalendarAsync(CancellationToken ct)
    {
        var since = Now - FeedHistory;
        return await db.Events.AsNoTracking()
            .Where(e => e.Status != EventStatus.Removed && e.StartsAt >= since)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id)
            .Take(1000)
            .ToListAsync(ct);
    }

    public async Task<Event> CreateAsync(EventInput input, CancellationToken ct)
    {
        var now = Now;
        var e = new Event
        {
            Title = input.Title,
            TimeZone = input.TimeZone,
            Source = Event.LocalSource,
            CreatedAt = now,
        };
        Apply(e, input, now);
        e.Revision = 0;
        e.ChangedAt = null;
        db.Events.Add(e);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Event {EventId} created", e.Id);
        return e;
    }

    /// <summary>Saves an edit; attendees are told when the time, the place or the status changed.</summary>
    public async Task UpdateAsync(Event e, EventInput input, CancellationToken ct)
    {
        if (Apply(e, input, Now) is EventChange.None)
        {
            return;
        }

        await db.SaveChangesAsync(ct);
        signals.WakeNotifier();
        logger.LogInformation("Event {EventId} updated (revision {Revision})", e.Id, e.Revision);
    }

    public Task CancelAsync(Event e, CancellationToken ct) =>
        UpdateAsync(e, Input(e) with { Status = EventStatus.Cancelled }, ct);

    /// <summary>
    /// Copies the input onto the event. Changes of the start, the place or the status bump the
    /// revision: each revision is announced to attendees once.
    /// </summary>
    public static EventChange Apply(Event e, EventInput input, DateTimeOffset now)
    {
        var notable = e.StartsAt != input.StartsAt || e.Place != input.Place || e.Status != input.Status;
        var changed = notable || e.Title != input.Title || e.EndsAt != input.EndsAt || e.TimeZone != input.TimeZone ||
                      e.Description != input.Description || e.Link != input.Link || e.ImageUrl != input.ImageUrl;
        e.Title = input.Title;
        e.StartsAt = input.StartsAt.ToUniversalTime();
        e.EndsAt = input.EndsAt?.ToUniversalTime();
        e.TimeZone = input.TimeZone;
        e.Place = input.Place;
        e.Description = input.Description;
        e.Link = input.Link;
        e.ImageUrl = input.ImageUrl;
        e.Status = input.Status;
        if (notable)
        {
            e.Revision++;
            e.ChangedAt = now;
        }

        if (changed)
        {
            e.UpdatedAt = now;
        }

        return notable ? EventChange.Notable : changed ? EventChange.Minor : EventChange.None;
    }

    public static EventInput Input(Event e) =>
        new(e.Title, e.StartsAt, e.EndsAt, e.TimeZone, e.Place, e.Description, e.Link, e.ImageUrl, e.Status);

    /// <summary>
    /// Records that the member is going or not. Idempotent: the same answer twice changes nothing
    /// (not even its time, which decides who gets reminders); two racing first answers make one row.
    /// </summary>
    public async Task<(RsvpOutcome Outcome, int GoingCount)> RsvpAsync(long eventId, long memberId, bool going, CancellationToken ct)
    {
        var now = Now;
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
        {
            return (RsvpOutcome.UnknownEvent, 0);
        }

        if (e.Status != EventStatus.Scheduled || e.Until <= now)
        {
            return (e.Status == EventStatus.Scheduled ? RsvpOutcome.Over : RsvpOutcome.Cancelled, await GoingCountAsync(eventId, ct));
        }

        var changed = await db.EventRsvps
            .Where(r => r.EventId == eventId && r.MemberId == memberId && r.Going != going)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Going, going).SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0 && !await db.EventRsvps.AnyAsync(r => r.EventId == eventId && r.MemberId == memberId, ct))
        {
            var rsvp = new EventRsvp { EventId = eventId, MemberId = memberId, Going = going, UpdatedAt = now };
            db.EventRsvps.Add(rsvp);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request answered first for the same member; ours is the later word.
                db.Entry(rsvp).State = EntityState.Detached;
                await db.EventRsvps
                    .Where(r => r.EventId == eventId && r.MemberId == memberId && r.Going != going)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Going, going).SetProperty(r => r.UpdatedAt, now), ct);
            }
        }

        return (RsvpOutcome.Saved, await GoingCountAsync(eventId, ct));
    }

    /// <summary>The member's answer: true going, false not going, null none.</summary>
    public async Task<bool?> AnswerOfAsync(long eventId, long memberId, CancellationToken ct) =>
        (await db.EventRsvps.AsNoTracking().FirstOrDefaultAsync(r => r.EventId == eventId && r.MemberId == memberId, ct))?.Going;

    public Task<int> GoingCountAsync(long eventId, CancellationToken ct) =>
        db.EventRsvps.CountAsync(r => r.EventId == eventId && r.Going, ct);

    private async Task<IReadOnlyList<EventView>> WithCountsAsync(List<Event> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.Id).ToList();
        var counts = await db.EventRsvps
            .Where(r => ids.Contains(r.EventId) && r.Going)
            .GroupBy(r => r.EventId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return events.Select(e => new EventView(e, counts.GetValueOrDefault(e.Id))).ToList();
    }
}

internal enum EventChange
{
    None,
    Minor,

    /// <summary>Start, place or status: attendees are told.</summary>
    Notable,
}
