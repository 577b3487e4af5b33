using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Uplink.Features.Events;

/// <summary>Events as iCalendar (RFC 5545), written with Ical.Net: the subscription feed and one event's file.</summary>
internal static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(IEnumerable<Event> events, string calendarName, EventUrls urls)
    {
        var calendar = new Calendar { ProductId = "-//Uplink//Events//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        // Calendar apps refresh subscriptions on their own schedule; this asks for hourly.
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        var zones = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var zone = EventTimes.ZoneOf(e);
            var tzid = zone.Id == "UTC" || zone.Id == "Etc/UTC" ? null : zone.Id;
            if (tzid is not null && !zones.TryGetValue(tzid, out _))
            {
                try
                {
                    calendar.AddTimeZone(tzid);
                    zones[tzid] = true;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    zones[tzid] = false; // a zone newer than Ical.Net's database: such times are written in UTC
                }
            }

            if (tzid is not null && !zones[tzid])
            {
                tzid = null;
            }

            calendar.Events.Add(ToVEvent(e, zone, tzid, urls));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent ToVEvent(Event e, TimeZoneInfo zone, string? tzid, EventUrls urls)
    {
        var vevent = new CalendarEvent
        {
            Uid = $"event-{e.Id}@{new Uri(urls.Home).Host}",
            Summary = e.Title,
            Description = e.Description,
            Location = e.Place,
            Url = new Uri(urls.Page(e.Id)),
            DtStart = At(e.StartsAt, zone, tzid),
            DtEnd = e.EndsAt is { } end ? At(end, zone, tzid) : null,
            DtStamp = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
            LastModified = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
            // Calendar apps take a higher sequence as "this replaces what you had".
            Sequence = e.Revision,
            Status = e.Status == EventStatus.Scheduled ? "CONFIRMED" : "CANCELLED",
        };
        return vevent;
    }

    /// <summary>Wall-clock time with the event's TZID (so apps show it right across DST), or UTC.</summary>
    private static CalDateTime At(DateTimeOffset utc, TimeZoneInfo zone, string? tzid) => tzid is null
        ? new CalDateTime(utc.UtcDateTime, CalDateTime.UtcTzId)
        : new CalDateTime(DateTime.SpecifyKind(EventTimes.InZone(utc, zone).DateTime, DateTimeKind.Unspecified), tzid);
}
