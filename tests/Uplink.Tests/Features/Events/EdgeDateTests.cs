using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

/// <summary>Times at the edges of what a date can hold, in every zone, through the API and in feeds.</summary>
[Collection(nameof(SqliteHost))]
public sealed class EdgeDateTests(SqliteHost host)
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string?> EdgeTimes => new()
    {
        { "0001-01-01T00:00:00", "Pacific/Kiritimati" }, // UTC+14: before year 1 in UTC
        { "0001-01-01T00:00:00+14:00", null },
        { "0001-01-01T00:00:00Z", null },
        { "0001-01-01", "Asia/Tokyo" },
        { "9999-12-31T23:59:59", "Pacific/Pago_Pago" }, // UTC−11: after year 9999 in UTC
        { "9999-12-31T23:59:59-12:00", null },
        { "9999-12-31T23:59:59.9999999Z", null },
        { "9999-12-31", "UTC" },
        { "253402300799999", null }, // the last millisecond of 9999 in Unix milliseconds
    };

    [Theory]
    [MemberData(nameof(EdgeTimes))]
    public async Task The_api_answers_400_naming_the_field_for_a_start_at_the_edge_of_time(string start, string? zone)
    {
        using var client = host.App.CreateClient();
        var body = JsonSerializer.Serialize(new { title = "Edge", starts_at = start, time_zone = zone });

        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("starts_at", out _), problem.ToString());
    }

    [Theory]
    [MemberData(nameof(EdgeTimes))]
    public async Task The_api_answers_400_naming_the_field_for_an_end_at_the_edge_of_time(string end, string? zone)
    {
        using var client = host.App.CreateClient();
        var body = JsonSerializer.Serialize(new { title = "Edge", starts_at = "2031-05-01T10:00:00Z", ends_at = end, time_zone = zone });

        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("ends_at", out _), problem.ToString());
    }

    [Theory]
    [MemberData(nameof(EdgeTimes))]
    public void A_json_feed_skips_and_counts_an_item_at_the_edge_of_time_and_imports_the_rest(string start, string? zone)
    {
        var json = $$"""
            [{"id": "good-1", "title": "Before", "start": "2030-03-15T19:00:00Z"},
             {"id": "edge", "title": "Edge", "start": "{{start}}", "timezone": {{JsonSerializer.Serialize(zone)}}},
             {"id": "good-2", "title": "After", "start": "2030-03-16T19:00:00Z"}]
            """;

        var feed = EventFeed.Parse(json, "application/json", TimeZoneInfo.Utc, Now);

        Assert.Equal(["good-1", "good-2"], feed.Items.Select(i => i.ExternalId).Order());
        Assert.Equal(1, feed.Skipped);
    }

    [Theory]
    [InlineData("DTSTART:00010101T000000Z")]
    [InlineData("DTSTART;TZID=Pacific/Kiritimati:00010101T000000")]
    [InlineData("DTSTART;TZID=Pacific/Pago_Pago:99991231T235959")]
    [InlineData("DTSTART:99991231T235959Z")]
    [InlineData("DTSTART;VALUE=DATE:99991231")]
    public void An_icalendar_feed_skips_and_counts_an_event_at_the_edge_of_time_and_imports_the_rest(string start)
    {
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
            "BEGIN:VEVENT", "UID:good-1", "SUMMARY:Before", "DTSTART:20300315T190000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:edge", "SUMMARY:Edge", start, "END:VEVENT",
            "BEGIN:VEVENT", "UID:good-2", "SUMMARY:After", "DTSTART:20300316T190000Z", "END:VEVENT",
            "END:VCALENDAR", "");

        var feed = EventFeed.Parse(ics, "text/calendar", TimeZoneInfo.Utc, Now);

        Assert.Equal(["good-1", "good-2"], feed.Items.Select(i => i.ExternalId).Order());
        Assert.Equal(1, feed.Skipped);
    }
}
