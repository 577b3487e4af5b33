using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

/// <summary>Reminders on hosts of their own, whose clock the test moves (no sleeping).</summary>
public sealed class EventReminderTests
{
    [Fact]
    public async Task Reminders_fire_once_24_hours_and_1_hour_before_even_across_a_restart()
    {
        var time = new FakeTimeProvider(Seconds(DateTimeOffset.UtcNow)); // whole seconds, as the API takes times
        var t0 = time.GetUtcNow();
        var start = t0 + TimeSpan.FromHours(26);
        await using var telegram = await FakeBotApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("uplink-reminders-").FullName;
        var alice = telegram.NewUser("Alice");
        var bob = telegram.NewUser("Bob", "ru");
        long id;
        await using (var first = await StartAsync(telegram, data, time))
        {
            id = await CreateAsync(first, "Hackathon", start);
            await RsvpAsync(alice, id);
            var status = first.Services.GetRequiredService<EventJobsStatus>();

            // 25 hours before: too early.
            time.Advance(TimeSpan.FromHours(1));
            await RanAsync(status, time);
            Assert.Empty(Reminders(alice));

            // 24 hours before: the first reminder.
            time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(30));
            var dayBefore = await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && IsReminder(m));
            Assert.Contains("starts in 24 hours", dayBefore.Plain);
            Assert.Contains("Hackathon", dayBefore.Plain);
            Assert.Equal([$"/event {id}"], dayBefore.CallbackData);
        }

        // A restart on the same database and clock: the reminder already sent is not sent again.
        await using var second = await StartAsync(telegram, data, time);
        var status2 = second.Services.GetRequiredService<EventJobsStatus>();
        await RanAsync(status2, time);
        // Bob answers after the 24-hour mark: he gets only the 1-hour reminder.
        await RsvpAsync(bob, id);
        time.Advance(TimeSpan.FromMinutes(1));
        await RanAsync(status2, time);
        Assert.Single(Reminders(alice));
        Assert.Empty(Reminders(bob));

        // 1 hour before: the second reminder, to both.
        time.Advance(start - time.GetUtcNow() - TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var hourBefore = await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && IsReminder(m) && m.Plain.Contains("minutes", StringComparison.Ordinal));
        var bobs = await telegram.WaitForMessageAsync(m => m.ChatId == bob.Id && IsReminder(m));
        Assert.Contains("starts in 60 minutes", hourBefore.Plain);
        Assert.Contains("Напоминание: начало через 60 мин", bobs.Plain);

        // And after the start, nothing more.
        time.Advance(TimeSpan.FromHours(2));
        await RanAsync(status2, time);
        Assert.Equal(2, Reminders(alice).Count);
        Assert.Single(Reminders(bob));
        await second.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_each_reminder_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("uplink-two-").FullName;
        await using var first = await StartAsync(telegram, data, time);
        await using var second = new UplinkApp(telegram, new Dictionary<string, string?> { ["Telegram:Mode"] = "None" }, data, time);
        second.StartServer();
        var alice = telegram.NewUser("Alice");
        var id = await CreateAsync(first, "Shared", time.GetUtcNow() + TimeSpan.FromHours(30));
        await RsvpAsync(alice, id);

        time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));
        await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && IsReminder(m));
        await RanAsync(first.Services.GetRequiredService<EventJobsStatus>(), time);
        await RanAsync(second.Services.GetRequiredService<EventJobsStatus>(), time);

        Assert.Single(Reminders(alice));
        await second.DisposeAsync();
        await first.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Two_instances_on_one_postgres_database_send_each_attendee_each_reminder_once()
    {
        var time = new FakeTimeProvider(Seconds(DateTimeOffset.UtcNow));
        await using var postgres = await PostgresServer.StartAsync();
        await using var telegram = await FakeBotApi.StartAsync();
        Dictionary<string, string?> Settings(string mode) => new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = postgres.ConnectionString("uplink_reminders"),
            ["Telegram:Mode"] = mode,
        };
        await using var first = new UplinkApp(telegram, Settings("Polling"), time: time);
        first.StartServer();
        await telegram.WaitForCallAsync("setMyCommands");
        await using var second = new UplinkApp(telegram, Settings("None"), time: time);
        second.StartServer();
        var attendees = new[] { telegram.NewUser("Alice"), telegram.NewUser("Bob", "ru"), telegram.NewUser("Carol") };
        var start = time.GetUtcNow() + TimeSpan.FromHours(30);
        var id = await CreateAsync(first, "Twice served", start);
        foreach (var attendee in attendees)
        {
            await RsvpAsync(attendee, id);
        }

        var statuses = new[] { first, second }.Select(a => a.Services.GetRequiredService<EventJobsStatus>()).ToList();
        foreach (var (mark, count) in new[] { (TimeSpan.FromHours(24), 1), (TimeSpan.FromHours(1), 2) })
        {
            time.Advance(start - time.GetUtcNow() - mark + TimeSpan.FromSeconds(30));
            await telegram.WaitUntilAsync(_ => attendees.All(a => Reminders(a).Count >= count), what: $"reminder {count} to everyone");
            // Both notifiers have run at this time (and again a minute later): neither sends a second copy.
            foreach (var _ in Enumerable.Range(0, 2))
            {
                await Task.WhenAll(statuses.Select(s => RanAsync(s, time)));
                time.Advance(TimeSpan.FromMinutes(1));
            }

            await Task.WhenAll(statuses.Select(s => RanAsync(s, time)));
            Assert.All(attendees, a => Assert.Equal(count, Reminders(a).Count));
        }
    }

    [Fact]
    public async Task A_moved_event_is_announced_and_reminded_of_at_its_new_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = await StartAsync(telegram, null, time);
        var alice = telegram.NewUser("Alice");
        var id = await CreateAsync(app, "Moving target", time.GetUtcNow() + TimeSpan.FromHours(30));
        await RsvpAsync(alice, id);
        time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));
        await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && IsReminder(m));

        using var client = app.CreateClient();
        using var move = await client.SendAsync(ServiceRequest(HttpMethod.Patch, $"/api/events/{id}",
            new { starts_at = Iso(time.GetUtcNow() + TimeSpan.FromHours(48)), ends_at = "" }));
        var notice = await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && m.Plain.Contains("has changed", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var second = await telegram.WaitForMessageAsync(m => m.ChatId == alice.Id && IsReminder(m) && m.Sequence > notice.Sequence);

        Assert.Equal(System.Net.HttpStatusCode.OK, move.StatusCode);
        Assert.Contains("Moving target", notice.Plain);
        Assert.Contains("starts in 24 hours", second.Plain);
        Assert.Equal(2, Reminders(alice).Count);
    }

    private static async Task<UplinkApp> StartAsync(FakeBotApi telegram, string? data, TimeProvider time)
    {
        var since = telegram.Sequence;
        var app = new UplinkApp(telegram, dataDirectory: data, time: time);
        app.StartServer();
        await telegram.WaitForCallAsync("setMyCommands", c => c.Sequence > since);
        return app;
    }

    private static async Task<long> CreateAsync(UplinkApp app, string title, DateTimeOffset start)
    {
        using var client = app.CreateClient();
        var created = await client.CreateEventAsync(new { title, starts_at = Iso(start), place = "Lab" });
        return created.GetProperty("id").GetInt64();
    }

    private static async Task RsvpAsync(TelegramUser user, long id)
    {
        await user.SendAsync("/start");
        var going = await user.PressAsync($"/rsvp {id} yes", await user.SendAsync($"/event {id}"));
        Assert.True(going.Plain.Contains("You're going.", StringComparison.Ordinal) || going.Plain.Contains("Вы идёте.", StringComparison.Ordinal), going.Plain);
    }

    /// <summary>Waits until the notifier has finished a run at the clock's current time.</summary>
    private static Task RanAsync(EventJobsStatus status, FakeTimeProvider time)
    {
        var now = time.GetUtcNow();
        return WaitUntilAsync(() => status.NotifierRanAt, at => at >= now, $"a notifier run at {now:O}");
    }

    private static bool IsReminder(SentMessage m) => m.Plain.Contains('⏰', StringComparison.Ordinal);

    private static List<SentMessage> Reminders(TelegramUser user) => user.Messages.Where(IsReminder).ToList();
}
