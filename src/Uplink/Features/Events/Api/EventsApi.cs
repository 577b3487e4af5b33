using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Events;

internal static partial class EventsApi
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.SourceUrl is null || (o.SourceUrl.IsAbsoluteUri && o.SourceUrl.Scheme is "http" or "https"),
                "Events:SourceUrl must be an absolute http(s) URL.")
            .Validate(o => EventTimes.TryFindZone(o.DefaultTimeZone, out _),
                "Events:DefaultTimeZone must be a time zone such as Europe/Berlin or UTC.")
            .Validate(o => o.TotalTimeout > o.AttemptTimeout, "Events:TotalTimeout must be longer than Events:AttemptTimeout.")
            .Validate(o => o.NotFoundRetryInterval >= o.SyncInterval, "Events:NotFoundRetryInterval must not be shorter than Events:SyncInterval.")
            .ValidateOnStart();

        services.AddSingleton<EventSignals>()
            .AddSingleton<EventJobsStatus>()
            .AddSingleton<EventUrls>()
            .AddScoped<EventService>()
            .AddScoped<EventImporter>()
            .AddScoped<EventNoticeSender>()
            .AddScoped<EventMembers>()
            .AddScoped<EventAdmin>()
            .AddScoped<EventWizard>();
        services.AddHealthChecks().AddCheck<EventsHealthCheck>("events", tags: ["ready"]);

        services.AddHttpClient<EventSourceClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<EventsOptions>>().Value;
                // Bounds reading the body too, which happens after the resilience handler has returned.
                http.Timeout = o.TotalTimeout;
                http.MaxResponseContentBufferSize = o.MaxResponseBytes;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Uplink-Events/1.0");
            })
            // The default logging writes full URLs, and a source URL may carry a key in its query.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
            {
                var o = sp.GetRequiredService<IOptions<EventsOptions>>().Value;
                r.AttemptTimeout.Timeout = o.AttemptTimeout;
                r.TotalRequestTimeout.Timeout = o.TotalTimeout;
                r.Retry.MaxRetryAttempts = o.MaxRetryAttempts;
                r.Retry.Delay = o.RetryDelay;
                r.Retry.BackoffType = DelayBackoffType.Exponential;
                r.Retry.UseJitter = true;
                // A sync whose every attempt failed opens the circuit: the next ones leave the site alone for a while.
                r.CircuitBreaker.MinimumThroughput = Math.Max(2, o.MaxRetryAttempts + 1);
                r.CircuitBreaker.FailureRatio = 1.0;
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * o.AttemptTimeout.Ticks + 1));
                r.CircuitBreaker.BreakDuration = o.CircuitBreakDuration;
            })
            .SelectPipelineByAuthority();

        services.AddHostedService<EventSyncService>();
        services.AddHostedService<EventNotifier>();

        return services
            .AddBotCommand<EventsCommand>(EventsCommand.Name)
            .AddBotCommand<EventCardCommand>(EventCardCommand.Name, listed: false)
            .AddBotCommand<RsvpCommand>(RsvpCommand.Name, listed: false)
            .AddBotCommand<NewEventCommand>(NewEventCommand.Name, listed: false)
            .AddBotCommand<EditEventCommand>(EditEventCommand.Name, listed: false)
            .AddBotCommand<CancelEventCommand>(CancelEventCommand.Name, listed: false)
            .AddBotCommand<DraftCommand>(DraftCommand.Name, listed: false)
            .AddBotCommand<CancelDraftCommand>(CancelDraftCommand.Name, listed: false)
            .AddBotTextHandler<EventDraftTextHandler>();
    }

    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events.ics", GetFeedAsync).WithName("GetEventsCalendar").WithSummary("Coming events as an iCalendar feed").WithTags("Events");
        app.MapGet("/events/{id:long}.ics", GetEventIcsAsync).WithName("GetEventIcs").WithSummary("One event as an iCalendar file").WithTags("Events");

        var group = app.MapGroup("/api/events").WithTags("Events");
        group.MapGet("/", ListAsync).WithName("ListEvents").WithSummary("Coming events, soonest first, a page at a time");
        group.MapGet("/{id:long}", GetAsync).WithName("GetEvent").WithSummary("One event, whatever its status");
        group.MapPost("/{id:long}/rsvp", RsvpAsync)
            .RequireAuthorization()
            .WithName("RsvpToEvent")
            .WithSummary("Says whether the token's member is going (idempotent)");

        // Without a service key nothing can manage events through the API, so those routes do not exist.
        if (!string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.ServiceApiKey))
        {
            MapAdmin(group);
        }

        return group;
    }

    private static async Task<Results<Ok<EventListDto>, ValidationProblem>> ListAsync(
        EventService events, EventUrls urls, CancellationToken ct,
        [FromQuery] int? page = null, [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        var p = page ?? 1;
        var size = pageSize ?? EventService.DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (p is < 1 or > 100_000)
        {
            errors["page"] = ["page starts at 1."];
        }

        if (size is < 1 or > EventService.MaxPageSize)
        {
            errors["page_size"] = [$"page_size is between 1 and {EventService.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (items, total) = await events.UpcomingAsync(p, size, ct);
        return TypedResults.Ok(new EventListDto([.. items.Select(v => v.AsDto(urls))], p, size, total));
    }

    private static async Task<Results<Ok<EventDto>, ProblemHttpResult>> GetAsync(long id, EventService events, EventUrls urls, CancellationToken ct) =>
        await events.FindAsync(id, ct) is { } view ? TypedResults.Ok(view.AsDto(urls)) : NoSuchEvent();

    private static async Task<Results<Ok<RsvpDto>, ValidationProblem, ProblemHttpResult>> RsvpAsync(
        long id, RsvpRequest request, ClaimsPrincipal user, EventService events, MemberDirectory members, CancellationToken ct)
    {
        if (request.Going is not { } going)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["going"] = ["going is required: true or false."] });
        }

        if (user.MemberId() is not { } memberId || !await members.ExistsAsync(memberId, ct))
        {
            return TypedResults.Problem(title: "The member no longer exists", statusCode: StatusCodes.Status404NotFound);
        }

        var (outcome, count) = await events.RsvpAsync(id, memberId, going, ct);
        return outcome switch
        {
            RsvpOutcome.Saved => TypedResults.Ok(new RsvpDto(id, going, count)),
            RsvpOutcome.UnknownEvent => NoSuchEvent(),
            RsvpOutcome.Cancelled => TypedResults.Problem(title: "The event was cancelled", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "The event is over", statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static async Task<ContentHttpResult> GetFeedAsync(EventService events, EventUrls urls, IOptions<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        var calendar = EventCalendar.Write(await events.CalendarAsync(ct), site.Value.Name, urls);
        return TypedResults.Text(calendar, EventCalendar.ContentType);
    }

    private static async Task<Results<ContentHttpResult, NotFound>> GetEventIcsAsync(
        long id, EventService events, EventUrls urls, IOptions<SiteOptions> site, HttpContext http, CancellationToken ct)
    {
        if (await events.FindAsync(id, ct) is not { Event: { Status: not EventStatus.Removed } e })
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"event-{id}.ics\"";
        return TypedResults.Text(EventCalendar.Write([e], site.Value.Name, urls), EventCalendar.ContentType);
    }

    private static ProblemHttpResult NoSuchEvent() =>
        TypedResults.Problem(title: "No event has this id", statusCode: StatusCodes.Status404NotFound);
}
