using System.Globalization;
using Calendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace Uplink.Features.Events;

/// <summary>Reads an iCalendar feed (RFC 5545) with Ical.Net; repeating events become one event per occurrence.</summary>
internal static class ICalEventFeed
{
    /// <summary>Occurrences of a repeating event further ahead than this are not imported yet.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(180);

    private const int MaxOccurrences = 100;

    public static ParsedFeed Parse(string body, TimeZoneInfo defaultZone, DateTimeOffset now)
    {
        Calendar? calendar;
        try
        {
            calendar = Calendar.Load(body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FeedFormatException($"unreadable iCalendar ({ex.Message})");
        }

        if (calendar is null)
        {
            throw new FeedFormatException("iCalendar without a VCALENDAR");
        }

        // Times without a zone ("floating") are read in the calendar's own zone when it names one.
        var zone = EventTimes.TryFindZone(calendar.Properties.Get<string>("X-WR-TIMEZONE"), out var named) ? named : defaultZone;
        var feed = new EventFeed.Builder();
        var index = 0;
        foreach (var e in calendar.Events)
        {
            index++;
            try
            {
                foreach (var (item, problem) in Read(e, zone, now))
                {
                    if (item is not null)
                    {
                        feed.Add(item);
                    }
                    else
                    {
                        feed.Skip($"VEVENT {index}: {problem}");
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Ical.Net reads leniently and may fail later, on a bad rule or an unknown zone.
                feed.Skip($"VEVENT {index}: {ex.Message}");
            }
        }

        return feed.Build();
    }

    private static IEnumerable<(FeedItem? Item, string? Problem)> Read(CalendarEvent e, TimeZoneInfo calendarZone, DateTimeOffset now)
    {
        var zone = e.DtStart?.TzId is { } tzid && tzid != CalDateTime.UtcTzId && EventTimes.TryFindZone(tzid, out var own) ? own : calendarZone;
        if (e.RecurrenceRule is null && !e.RecurrenceDates.GetAllDates().Any())
        {
            yield return Item(e, e.Uid, Utc(e.DtStart, zone), Utc(e.DtEnd, zone), zone);
            yield break;
        }

        // A repeating event: its occurrences from yesterday to the horizon, each an event of its own.
        var from = new CalDateTime(now.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId);
        var until = now + Horizon;
        var occurrences = e.GetOccurrences(from, new EvaluationOptions { MaxUnmatchedIncrementsLimit = 10_000 })
            .Select(o => (Start: Utc(o.Period.StartTime, zone), End: Utc(o.Period.EffectiveEndTime, zone)))
            .TakeWhile(o => o.Start is null || o.Start < until)
            .Take(MaxOccurrences);
        foreach (var (start, end) in occurrences)
        {
            var id = start is { } s ? $"{e.Uid}#{s.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}" : e.Uid;
            yield return Item(e, id, start, end, zone);
        }
    }

    private static (FeedItem? Item, string? Problem) Item(CalendarEvent e, string? id, DateTimeOffset? start, DateTimeOffset? end, TimeZoneInfo zone) =>
        EventFeed.Item(id, e.Summary, start, end, zone, e.Location, e.Description, e.Url?.OriginalString,
            e.Attachments.FirstOrDefault(a => a.Uri is not null && (a.FormatType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false))?.Uri?.OriginalString,
            EventFeed.IsCancelled(e.Status));

    /// <summary>Times with a zone (or Z) are exact; floating times and dates are read in <paramref name="zone"/>.</summary>
    private static DateTimeOffset? Utc(CalDateTime? value, TimeZoneInfo zone)
    {
        if (value is null)
        {
            return null;
        }

        if (!value.IsFloating)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc));
        }

        return EventTimes.TryToUtc(value.Value, zone, out var utc) ? utc : null;
    }
}
