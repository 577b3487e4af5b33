using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Events;

/// <summary>Creating, editing and cancelling events for trusted services (<c>X-Api-Key</c>).</summary>
internal static partial class EventsApi
{
    private static void MapAdmin(RouteGroupBuilder api)
    {
        var group = api.MapGroup("").RequireAuthorization(AuthPolicies.Service);
        group.MapPost("/", CreateAsync).WithName("CreateEvent").WithSummary("Creates an event (trusted services, X-Api-Key)");
        group.MapPatch("/{id:long}", UpdateAsync).WithName("UpdateEvent").WithSummary("Edits an event; absent fields stay (X-Api-Key)");
        group.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelEvent").WithSummary("Cancels an event and tells attendees (X-Api-Key)");
    }

    private static async Task<Results<Created<EventDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EventRequest request, IOptions<EventsOptions> options, EventService events, EventUrls urls, BotLanguages languages,
        CancellationToken ct)
    {
        var (input, errors) = ToInput(request, null, options.Value.DefaultTimeZone, events.Now, languages.Default);
        if (input is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var e = await events.CreateAsync(input, ct);
        return TypedResults.Created($"/api/events/{e.Id}", new EventView(e, 0).AsDto(urls));
    }

    private static async Task<Results<Ok<EventDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, EventRequest request, IOptions<EventsOptions> options, EventService events, EventUrls urls,
        BotLanguages languages, CancellationToken ct)
    {
        if (await EditableAsync(id, events, ct) is not { } e)
        {
            return await NotEditableAsync(id, events, ct);
        }

        var (input, errors) = ToInput(request, e, options.Value.DefaultTimeZone, events.Now, languages.Default);
        if (input is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await events.UpdateAsync(e, input, ct);
        return TypedResults.Ok((await events.FindAsync(id, ct))!.AsDto(urls));
    }

    private static async Task<Results<Ok<EventDto>, ProblemHttpResult>> CancelAsync(
        long id, EventService events, EventUrls urls, CancellationToken ct)
    {
        if (await EditableAsync(id, events, ct) is not { } e)
        {
            return await NotEditableAsync(id, events, ct);
        }

        await events.CancelAsync(e, ct);
        return TypedResults.Ok((await events.FindAsync(id, ct))!.AsDto(urls));
    }

    private static async Task<Event?> EditableAsync(long id, EventService events, CancellationToken ct) =>
        await events.FindForUpdateAsync(id, ct) is { IsLocal: true, Status: EventStatus.Scheduled } e ? e : null;

    private static async Task<ProblemHttpResult> NotEditableAsync(long id, EventService events, CancellationToken ct) =>
        await events.FindAsync(id, ct) switch
        {
            null => NoSuchEvent(),
            { Event.IsLocal: false } view => TypedResults.Problem(title: "The event belongs to its source",
                detail: $"It is imported from {view.Event.Source}; change it there.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "The event was cancelled", statusCode: StatusCodes.Status409Conflict),
        };

    /// <summary>
    /// Merges a request into the event (or a new one) and checks the result. Times without an
    /// offset are read in the event's zone; a changed start must lie ahead. Problems are told in
    /// English (<paramref name="english"/>), whatever the caller's language.
    /// </summary>
    private static (EventInput? Input, Dictionary<string, string[]> Errors) ToInput(
        EventRequest r, Event? existing, string defaultZone, DateTimeOffset now, BotTexts english)
    {
        var errors = new Dictionary<string, string[]>();
        void Check<T>(string field, (T Value, RuleProblem? Problem) result, ref T target)
        {
            if (result.Problem is { } p)
            {
                errors[field] = [p.In(english)];
            }
            else
            {
                target = result.Value;
            }
        }

        var zoneId = r.TimeZone ?? existing?.TimeZone ?? defaultZone;
        if (!EventTimes.TryFindZone(zoneId, out var zone))
        {
            errors["time_zone"] = ["Unknown time zone; use an IANA name such as Europe/Berlin."];
            zone = TimeZoneInfo.Utc;
        }

        string? title = existing?.Title, place = existing?.Place, description = existing?.Description, link = existing?.Link, image = existing?.ImageUrl;
        if (r.Title is not null || existing is null)
        {
            Check("title", EventRules.Title(r.Title), ref title);
        }

        if (r.Place is not null) Check("place", EventRules.Text(r.Place, Event.MaxPlaceLength, multiline: false), ref place);
        if (r.Description is not null) Check("description", EventRules.Text(r.Description, Event.MaxDescriptionLength, multiline: true), ref description);
        if (r.Link is not null) Check("link", EventRules.Url(r.Link), ref link);
        if (r.ImageUrl is not null) Check("image_url", EventRules.Url(r.ImageUrl), ref image);

        var start = existing?.StartsAt;
        if (r.StartsAt is not null || existing is null)
        {
            start = EventTimes.TryParseInstant(r.StartsAt, zone, out var s) ? s : null;
            if (start is null)
            {
                errors["starts_at"] = ["starts_at is required: an ISO-8601 date and time, e.g. 2027-03-15T19:00:00+01:00."];
            }
        }

        var end = existing?.EndsAt;
        if (r.EndsAt is not null)
        {
            end = r.EndsAt.Length == 0 ? null : EventTimes.TryParseInstant(r.EndsAt, zone, out var e) ? e : null;
            if (end is null && r.EndsAt.Length > 0)
            {
                errors["ends_at"] = ["ends_at must be an ISO-8601 date and time, or \"\" for none."];
            }
        }

        if (start is { } st && !errors.ContainsKey("starts_at") && !errors.ContainsKey("ends_at") &&
            EventRules.Times(st, end, st == existing?.StartsAt ? null : now) is { } timeProblem)
        {
            errors[timeProblem.Field ?? "starts_at"] = [timeProblem.In(english)];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new EventInput(title!, start!.Value, end, zone.Id, place, description, link, image), errors);
    }
}
