using System.Text;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

/// <summary>One sync against each kind of answer a community site gives, on the shared host.</summary>
[Collection(nameof(SqliteHost))]
public sealed class EventImportTests(SqliteHost host)
{
    private static readonly DateTimeOffset Start = Seconds(DateTimeOffset.UtcNow.AddDays(20));

    public static TheoryData<string, string, string> Shapes()
    {
        var a = Iso(Start);
        var b = Iso(Start.AddDays(1));
        var unixA = Start.ToUnixTimeSeconds();
        var unixB = Start.AddDays(1).ToUnixTimeSeconds();
        return new TheoryData<string, string, string>
        {
            { "array", $$"""[{"id": "m1", "title": "Meetup", "starts_at": "{{a}}"}, {"id": "m2", "title": "Workshop", "starts_at": "{{b}}"}]""", "application/json" },
            { "events", $$"""{"events": [{"id": 1, "name": "Meetup", "start": "{{a}}"}, {"id": 2, "name": "Workshop", "start": "{{b}}"}]}""", "application/json" },
            { "data", $$"""{"data": [{"uid": "m1", "title": "Meetup", "start_date": "{{a}}"}, {"uid": "m2", "title": "Workshop", "start_date": "{{b}}"}]}""", "application/json; charset=utf-8" },
            { "items", $$"""{"items": [{"id": "m1", "title": "Meetup", "startDate": "{{a}}"}, {"id": "m2", "title": "Workshop", "startDate": "{{b}}"}], "total": 2}""", "application/json" },
            { "unix", $$"""[{"id": "m1", "title": "Meetup", "date": {{unixA}}}, {"id": "m2", "title": "Workshop", "date": "{{unixB}}"}]""", "application/json" },
            { "ical", ICal(("m1", "Meetup", Start), ("m2", "Workshop", Start.AddDays(1))), "text/calendar" },
            { "ical-as-text", ICal(("m1", "Meetup", Start), ("m2", "Workshop", Start.AddDays(1))), "text/plain" },
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_accepted_shape_is_imported(string shape, string body, string contentType)
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve($"/{shape}", body, contentType);

        var report = await host.App.ImportAsync(site.Url($"/{shape}"));

        Assert.Equal(SyncOutcome.Imported, report.Outcome);
        Assert.Equal((2, 0, 0), (report.Added, report.Skipped, report.Removed));
        var events = (await host.App.EventsFromAsync(site.Url($"/{shape}"))).Values.OrderBy(e => e.StartsAt).ToList();
        Assert.Equal(["Meetup", "Workshop"], events.Select(e => e.Title));
        Assert.Equal([Start, Start.AddDays(1)], events.Select(e => e.StartsAt));
        Assert.All(events, e => Assert.Equal(EventStatus.Scheduled, e.Status));
    }

    [Fact]
    public async Task A_404_means_no_events_endpoint_and_changes_nothing()
    {
        await using var site = await FakeEventsSite.StartAsync();

        var report = await host.App.ImportAsync(site.Url("/api/events"));

        Assert.Equal(SyncOutcome.NotFound, report.Outcome);
        Assert.Equal(1, site.Hits("/api/events")); // a 404 is an answer, not a failure to retry
        Assert.Empty(await host.App.EventsFromAsync(site.Url("/api/events")));
    }

    [Fact]
    public async Task A_500_is_retried_then_the_last_good_events_are_kept()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""[{"id": "k1", "title": "Kept", "starts_at": "{{Iso(Start)}}"}]""");
        await host.App.ImportAsync(site.Url("/feed"));
        site.Serve("/feed", "oops", "text/plain", status: 500);

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Contains("500", report.Problem);
        Assert.Equal(1 + 2, site.Hits("/feed")); // one good sync, then an attempt and its retry (Events:MaxRetryAttempts=1)
        var kept = Assert.Single(await host.App.EventsFromAsync(site.Url("/feed")));
        Assert.Equal(EventStatus.Scheduled, kept.Value.Status);
    }

    [Fact]
    public async Task After_a_sync_whose_every_attempt_failed_the_circuit_opens_and_the_site_is_left_alone()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", "down", "text/plain", status: 503);
        await host.App.ImportAsync(site.Url("/feed"));
        var hits = site.Hits("/feed");

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Contains("circuit", report.Problem);
        Assert.Equal(hits, site.Hits("/feed"));
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_fails_and_keeps_the_events()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""[{"id": "k1", "title": "Kept", "starts_at": "{{Iso(Start)}}"}]""");
        await host.App.ImportAsync(site.Url("/feed"));
        site.ServeSlowly("/feed", TimeSpan.FromSeconds(30));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Equal("timed out", report.Problem);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"gave up after {clock.Elapsed}, not within the timeouts");
        Assert.Single(await host.App.EventsFromAsync(site.Url("/feed")));
    }

    [Theory]
    [InlineData("<html><body>Events coming soon!</body></html>", "text/html")]
    [InlineData("{\"events\": [", "application/json")]
    [InlineData("{\"message\": \"ok\"}", "application/json")]
    [InlineData("BEGIN:VCALENDAR\r\nthis is not\r\n", "text/calendar")]
    [InlineData("", "application/json")]
    public async Task Garbage_is_malformed_and_keeps_the_events(string body, string contentType)
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""[{"id": "k1", "title": "Kept", "starts_at": "{{Iso(Start)}}"}]""");
        await host.App.ImportAsync(site.Url("/feed"));
        site.Serve("/feed", body, contentType);

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Malformed, report.Outcome);
        var kept = Assert.Single(await host.App.EventsFromAsync(site.Url("/feed")));
        Assert.Equal(EventStatus.Scheduled, kept.Value.Status);
    }

    [Fact]
    public async Task Malformed_items_are_skipped_and_counted_and_the_rest_imported()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""
            [
              {"id": "ok", "title": "Good one", "starts_at": "{{Iso(Start)}}"},
              {"id": "no-title", "starts_at": "{{Iso(Start)}}"},
              {"id": "no-start", "title": "When?"},
              {"id": "bad-start", "title": "Bad", "starts_at": "next Tuesday-ish"},
              {"id": "bad-zone", "title": "Zone", "starts_at": "2030-01-01T10:00:00", "timezone": "Mars/Olympus"},
              42,
              "text",
              {"id": "ok", "title": "Same id again", "starts_at": "{{Iso(Start)}}"}
            ]
            """);

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Imported, report.Outcome);
        Assert.Equal(1, report.Added);
        Assert.Equal(7, report.Skipped);
        Assert.Equal("Good one", Assert.Single(await host.App.EventsFromAsync(site.Url("/feed"))).Value.Title);
    }

    [Fact]
    public async Task A_feed_of_only_unreadable_items_is_malformed_and_keeps_the_events()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""[{"id": "k1", "title": "Kept", "starts_at": "{{Iso(Start)}}"}]""");
        await host.App.ImportAsync(site.Url("/feed"));
        site.Serve("/feed", """[{"heading": "Renamed fields", "when": "soon"}, {"heading": "Another"}]""");

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Malformed, report.Outcome);
        Assert.Equal(2, report.Skipped);
        Assert.Equal(EventStatus.Scheduled, Assert.Single(await host.App.EventsFromAsync(site.Url("/feed"))).Value.Status);
    }

    [Fact]
    public async Task Events_are_upserted_by_external_id_and_those_that_vanish_are_marked_removed()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""
            [{"id": "a", "title": "Stays", "starts_at": "{{Iso(Start)}}"},
             {"id": "b", "title": "Moves", "starts_at": "{{Iso(Start)}}"},
             {"id": "c", "title": "Vanishes", "starts_at": "{{Iso(Start)}}"}]
            """);
        await host.App.ImportAsync(site.Url("/feed"));
        var before = await host.App.EventsFromAsync(site.Url("/feed"));
        site.Serve("/feed", $$"""
            [{"id": "a", "title": "Stays", "starts_at": "{{Iso(Start)}}"},
             {"id": "b", "title": "Moves, renamed", "starts_at": "{{Iso(Start.AddHours(2))}}"},
             {"id": "d", "title": "New", "starts_at": "{{Iso(Start)}}", "status": "cancelled"}]
            """);

        var report = await host.App.ImportAsync(site.Url("/feed"));

        var after = await host.App.EventsFromAsync(site.Url("/feed"));
        Assert.Equal((1, 1, 1, 0), (report.Added, report.Updated, report.Removed, report.Skipped));
        Assert.Equal(before["a"].Id, after["a"].Id);
        Assert.Equal(0, after["a"].Revision);
        Assert.Equal(before["b"].Id, after["b"].Id);
        Assert.Equal(("Moves, renamed", Start.AddHours(2), 1), (after["b"].Title, after["b"].StartsAt, after["b"].Revision));
        Assert.Equal(EventStatus.Removed, after["c"].Status); // kept, not deleted
        Assert.Equal(EventStatus.Cancelled, after["d"].Status);

        var again = await host.App.ImportAsync(site.Url("/feed"));
        Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Removed)); // idempotent
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_refused_and_changes_nothing()
    {
        await using var site = await FakeEventsSite.StartAsync();
        var huge = new StringBuilder("[");
        while (huge.Length < 6 * 1024 * 1024)
        {
            huge.Append($$"""{"id": "x{{huge.Length}}", "title": "Spam", "starts_at": "{{Iso(Start)}}"},""");
        }

        site.Serve("/feed", huge.Append("{}]").ToString());

        var report = await host.App.ImportAsync(site.Url("/feed"));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Empty(await host.App.EventsFromAsync(site.Url("/feed")));
    }

    [Fact]
    public async Task An_unreachable_source_fails_without_throwing()
    {
        var site = await FakeEventsSite.StartAsync();
        var url = site.Url("/feed");
        await site.DisposeAsync();

        var report = await host.App.ImportAsync(url);

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
    }

    internal static string ICal(params (string Uid, string Title, DateTimeOffset Start)[] events)
    {
        var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Community//Site//EN\r\n");
        foreach (var (uid, title, start) in events)
        {
            text.Append($"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n");
        }

        return text.Append("END:VCALENDAR\r\n").ToString();
    }
}
