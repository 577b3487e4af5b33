using Microsoft.AspNetCore.Http.HttpResults;
using Uplink.Bot;
using Uplink.Features.Events;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Admin;

internal sealed record EventRsvpsDto(long Id, string Title, DateTimeOffset StartsAt, string Status, int GoingCount);

internal sealed record BroadcastDto(
    long Id, string Status, bool ToEveryone, long? EventId, int Total, int Sent, int Left, int Blocked, int Failed, int Unconfirmed,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary><c>/api/admin/…</c>: what the admin page shows, for an admin's token or a service's key.</summary>
internal static class AdminApi
{
    public const int ChartDays = 90;

    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddAdminPolicy()
            .AddScoped<AdminAccess>()
            .AddScoped<AdminStats>()
            .AddScoped<Broadcasts>()
            .AddScoped<BroadcastWizard>()
            .AddSingleton<BroadcastSignal>()
            .AddHostedService<BroadcastSender>()
            .AddBotTextHandler<BroadcastTextHandler>()
            .AddBotCommand<StatsCommand>(StatsCommand.Name, listed: false)
            .AddBotCommand<BroadcastCommand>(BroadcastCommand.Name, listed: false)
            .AddBotCommand<BroadcastDraftCommand>(BroadcastWizard.Command, listed: false)
            .AddBotCommand<BroadcastControlCommand>(BroadcastProgress.Command, listed: false);
        return services;
    }

    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminRequirement.Policy);
        group.MapGet("/stats", async (AdminStats stats, CancellationToken ct) => TypedResults.Ok(await stats.ReadAsync(ct)))
            .WithName("GetAdminStats").WithSummary("Members, referrals, logins, events, RSVPs and the bot's state");
        group.MapGet("/daily", async (AdminStats stats, CancellationToken ct) => TypedResults.Ok(await stats.DailyAsync(ChartDays, ct)))
            .WithName("GetAdminDaily").WithSummary("New members and referrals per day over the last 90 days");
        group.MapGet("/top", GetTopAsync).WithName("GetAdminTop").WithSummary("The top referrers, hidden ones by name too");
        group.MapGet("/events", GetEventsAsync).WithName("GetAdminEvents").WithSummary("Coming events with their RSVP counts");
        group.MapGet("/broadcasts", GetBroadcastsAsync).WithName("GetAdminBroadcasts").WithSummary("The latest broadcasts and their progress");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<LeaderboardEntryDto>>> GetTopAsync(Leaderboard leaderboard, SiteUrls urls, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<LeaderboardEntryDto>>([.. (await leaderboard.ReadAsync(Leaderboard.DefaultSize, null, ct)).Top.Select(e => e.AsDto(urls))]);

    private static async Task<Ok<IReadOnlyList<EventRsvpsDto>>> GetEventsAsync(EventService events, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<EventRsvpsDto>>([.. (await events.UpcomingAsync(1, 50, ct)).Items
            .Select(v => new EventRsvpsDto(v.Event.Id, v.Event.Title, v.Event.StartsAt, v.Event.Status.ToString(), v.GoingCount))]);

    private static async Task<Ok<IReadOnlyList<BroadcastDto>>> GetBroadcastsAsync(Broadcasts broadcasts, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<BroadcastDto>>([.. (await broadcasts.LatestAsync(20, ct)).Select(v => v.AsDto())]);

    public static BroadcastDto AsDto(this BroadcastView v) => new(
        v.Broadcast.Id, v.Broadcast.Status.ToString(), v.Broadcast.EventId is null, v.Broadcast.EventId, v.Counts.Total, v.Counts.Sent, v.Counts.Left,
        v.Counts.Blocked, v.Counts.Failed, v.Counts.Unconfirmed, v.Broadcast.CreatedAt, v.Broadcast.FinishedAt);
}
