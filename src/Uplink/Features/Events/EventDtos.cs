using Uplink.Infrastructure.Web;

namespace Uplink.Features.Events;

/// <summary>An event with its attendance, as the API, the bot and the pages read it.</summary>
internal sealed record EventView(Event Event, int GoingCount);

/// <summary>Times carry the offset of the event's zone, so they read as local times and are exact instants.</summary>
internal sealed record EventDto(
    long Id,
    string Title,
    string? Description,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string TimeZone,
    string? Place,
    string? Link,
    string? ImageUrl,
    string Status,
    string Source,
    int GoingCount,
    string Url,
    string IcsUrl);

internal sealed record EventListDto(IReadOnlyList<EventDto> Items, int Page, int PageSize, int Total);

/// <summary>POST /api/events/{id}/rsvp.</summary>
internal sealed record RsvpRequest(bool? Going);

internal sealed record RsvpDto(long EventId, bool Going, int GoingCount);

/// <summary>
/// POST /api/events and PATCH /api/events/{id} (trusted services). Times are ISO-8601: with an
/// offset they are exact, without one they are read in <see cref="TimeZone"/>. In a PATCH, absent
/// fields stay as they are and "" clears an optional text.
/// </summary>
internal sealed record EventRequest(
    string? Title,
    string? StartsAt,
    string? EndsAt,
    string? TimeZone,
    string? Place,
    string? Description,
    string? Link,
    string? ImageUrl);

/// <summary>Absolute URLs of the event pages and calendars.</summary>
internal sealed class EventUrls(SiteUrls site)
{
    public string List => site.Absolute("/events");

    public string Feed => site.Absolute("/events.ics");

    public string Page(long id) => site.Absolute($"/events/{id}");

    public string Ics(long id) => site.Absolute($"/events/{id}.ics");

    public string Home => site.Home;
}

internal static class EventDtoExtensions
{
    public static EventDto AsDto(this EventView view, EventUrls urls)
    {
        var e = view.Event;
        var zone = EventTimes.ZoneOf(e);
        return new EventDto(
            e.Id,
            e.Title,
            e.Description,
            EventTimes.InZone(e.StartsAt, zone),
            e.EndsAt is { } end ? EventTimes.InZone(end, zone) : null,
            zone.Id,
            e.Place,
            e.Link,
            e.ImageUrl,
            e.Status.Name(),
            e.Source,
            view.GoingCount,
            urls.Page(e.Id),
            urls.Ics(e.Id));
    }

    public static string Name(this EventStatus status) => status switch
    {
        EventStatus.Cancelled => "cancelled",
        EventStatus.Removed => "removed",
        _ => "scheduled",
    };
}
