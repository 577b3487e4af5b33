using Uplink.Features.Events;

namespace Uplink.Tests.Features.Events;

/// <summary>Reading feeds, field by field: no host, no network.</summary>
public sealed class EventFeedTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static FeedItem Single(string json, TimeZoneInfo? zone = null)
    {
        var feed = EventFeed.Parse(json, "application/json", zone ?? TimeZoneInfo.Utc, Now);
        Assert.Equal(0, feed.Skipped);
        return Assert.Single(feed.Items);
    }

    [Theory]
    [InlineData("2030-03-15T19:00:00Z", "2030-03-15T19:00:00Z")]
    [InlineData("2030-03-15T19:00:00+03:00", "2030-03-15T16:00:00Z")]
    [InlineData("2030-03-15T19:00:00.250-0500", "2030-03-16T00:00:00.25Z")]
    [InlineData("2030-03-15T19:00:00", "2030-03-15T18:00:00Z")] // no offset: the default zone (Berlin, winter)
    [InlineData("2030-07-15 19:00", "2030-07-15T17:00:00Z")] // summer time
    [InlineData("2030-03-15", "2030-03-14T23:00:00Z")] // a date: midnight there, and "-15" is no offset
    [InlineData("1899971200", "2030-03-17T09:46:40Z")] // Unix seconds as text
    [InlineData("1899971200000", "2030-03-17T09:46:40Z")] // milliseconds
    public void Times_are_read_exactly(string start, string expected)
    {
        var item = Single($$"""[{"id": "1", "title": "T", "start": "{{start}}"}]""", Berlin);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), item.Input.StartsAt);
    }

    [Fact]
    public void Field_names_are_matched_in_any_case_style_and_objects_are_understood()
    {
        var item = Single("""
            [{"EventId": "g-1", "Summary": "Picnic",
              "Start": {"dateTime": "2030-06-01T12:00:00", "timeZone": "America/New_York"},
              "End-Time": 1906740000,
              "Venue": {"name": "Central Park", "address": {"name": "5th Ave"}, "city": "New York"},
              "CoverImage": {"url": "https://example.org/p.jpg"},
              "Description": "<p>Bring <b>food</b> &amp; drinks</p><p>Rain or shine</p>",
              "URL": "https://example.org/picnic", "Cancelled": true}]
            """);

        Assert.Equal("g-1", item.ExternalId);
        Assert.Equal("Picnic", item.Input.Title);
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 16, 0, 0, TimeSpan.Zero), item.Input.StartsAt);
        Assert.Equal("America/New_York", item.Input.TimeZone);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1906740000), item.Input.EndsAt);
        Assert.Equal("Central Park, 5th Ave, New York", item.Input.Place);
        Assert.Equal("https://example.org/p.jpg", item.Input.ImageUrl);
        Assert.Equal("Bring food & drinks\nRain or shine", item.Input.Description);
        Assert.Equal("https://example.org/picnic", item.Input.Link);
        Assert.Equal(EventStatus.Cancelled, item.Input.Status);
    }

    [Fact]
    public void Untidy_values_are_cleaned_rather_than_refused()
    {
        var item = Single($$"""
            [{"title": "Line\u0007one\ttwo {{new string('x', 300)}}", "starts_at": "2030-02-01T10:00:00Z", "ends_at": "2030-02-01T09:00:00Z",
              "link": "javascript:alert(1)", "image": "not a url", "description": "{{new string('d', 5000)}}"}]
            """);

        Assert.Equal(Event.MaxTitleLength, item.Input.Title.Length);
        Assert.StartsWith("Line one two x", item.Input.Title);
        Assert.Null(item.Input.EndsAt); // an end before the start is dropped
        Assert.Null(item.Input.Link);
        Assert.Null(item.Input.ImageUrl);
        Assert.Equal(Event.MaxDescriptionLength, item.Input.Description!.Length);
        Assert.StartsWith("sha256:", item.ExternalId); // no id: title and start stand in, stably
        Assert.Equal(item.ExternalId, Single($$"""[{"title": "Line\u0007one\ttwo {{new string('x', 300)}}", "starts_at": "2030-02-01T10:00:00Z"}]""").ExternalId);
    }

    [Theory]
    [InlineData("""{"data": {"events": [{"id": 1, "title": "Nested", "date": "2030-05-05T10:00:00Z"}]}}""")]
    [InlineData("""{"results": [{"id": 1, "name": "Results", "startDate": "2030-05-05T10:00:00Z"}]}""")]
    public void Lists_are_found_in_the_usual_places(string json) =>
        Assert.Single(EventFeed.Parse(json, "application/json", TimeZoneInfo.Utc, Now).Items);

    [Fact]
    public void ICalendar_zones_floating_times_dates_and_repeats_are_read()
    {
        const string ics = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Test//EN
            X-WR-TIMEZONE:Europe/Moscow
            BEGIN:VEVENT
            UID:zoned
            DTSTART;TZID=Europe/Berlin:20300315T190000
            DTEND;TZID=Europe/Berlin:20300315T210000
            SUMMARY:Zoned
            LOCATION:Hall
            URL:https://example.org/zoned
            END:VEVENT
            BEGIN:VEVENT
            UID:floating
            DTSTART:20300316T190000
            SUMMARY:Floating
            STATUS:CANCELLED
            END:VEVENT
            BEGIN:VEVENT
            UID:weekly
            DTSTART:20300101T180000Z
            RRULE:FREQ=WEEKLY;COUNT=4
            SUMMARY:Weekly
            END:VEVENT
            BEGIN:VEVENT
            UID:broken
            SUMMARY:No start
            END:VEVENT
            END:VCALENDAR
            """;

        var feed = EventFeed.Parse(ics.ReplaceLineEndings("\r\n"), "text/calendar", TimeZoneInfo.Utc, Now);

        var items = feed.Items.ToDictionary(i => i.ExternalId);
        Assert.Equal(1, feed.Skipped);
        Assert.Equal(new DateTimeOffset(2030, 3, 15, 18, 0, 0, TimeSpan.Zero), items["zoned"].Input.StartsAt);
        Assert.Equal(("Europe/Berlin", "Hall", "https://example.org/zoned"), (items["zoned"].Input.TimeZone, items["zoned"].Input.Place, items["zoned"].Input.Link));
        Assert.Equal(new DateTimeOffset(2030, 3, 16, 16, 0, 0, TimeSpan.Zero), items["floating"].Input.StartsAt); // read in X-WR-TIMEZONE
        Assert.Equal(EventStatus.Cancelled, items["floating"].Input.Status);
        // Weekly from 1 January; occurrences from the day before "now" (10 January) on: the 15th and 22nd.
        Assert.Equal(["weekly#20300115T180000Z", "weekly#20300122T180000Z"], items.Keys.Where(k => k.StartsWith("weekly", StringComparison.Ordinal)).Order());
    }

    [Theory]
    [InlineData("2030-03-15 19:00", "Europe/Berlin", "2030-03-15T18:00:00Z", null)]
    [InlineData("15.03.2030 19:00-21:30", "UTC", "2030-03-15T19:00:00Z", "2030-03-15T21:30:00Z")]
    [InlineData("15.03.2030 22:00–02:00 Europe/Moscow", "UTC", "2030-03-15T19:00:00Z", "2030-03-15T23:00:00Z")]
    [InlineData("2030-3-5 9:05 America/New_York", "UTC", "2030-03-05T14:05:00Z", null)]
    public void The_draft_reads_dates_as_admins_type_them(string text, string zone, string start, string? end)
    {
        var when = DraftInput.ParseWhen(text, zone, out var problem);

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), when!.Value.Start);
        Assert.Equal(end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), when.Value.End);
    }

    [Theory]
    [InlineData("next friday")]
    [InlineData("2030-02-30 10:00")]
    [InlineData("2030-03-31 02:30 Europe/Berlin")] // skipped by the switch to summer time
    [InlineData("2030-03-15 25:00")]
    [InlineData("2030-03-15 10:00 Not/AZone")]
    public void The_draft_refuses_what_it_cannot_read(string text)
    {
        Assert.Null(DraftInput.ParseWhen(text, "UTC", out var problem));
        Assert.NotNull(problem);
    }
}
