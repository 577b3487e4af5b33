using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ical.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Uplink.Tests.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Pages;

[Collection(nameof(SqliteHost))]
public sealed partial class EventPagesTests(SqliteHost host)
{
    private HttpClient Client() => host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Event_page_is_made_for_search_engines()
    {
        using var client = Client();
        var e = await client.CreateEventAsync(new
        {
            title = "Autumn hike", starts_at = "2031-10-04T09:30:00", ends_at = "2031-10-04T16:00:00", time_zone = "Europe/Moscow",
            place = "Sparrow Hills", description = "A day outdoors.\nBring water.", image_url = "https://example.org/hike.jpg",
        });
        var id = e.GetProperty("id").GetInt64();

        var html = await client.GetStringAsync($"/events/{id}");

        var url = $"{UplinkApp.PublicUrl}/events/{id}";
        Assert.Contains("<title>Autumn hike · Test Community</title>", html);
        Assert.Contains("<meta name=\"description\" content=\"A day outdoors. Bring water.\" />", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{url}\" />", html);
        Assert.Contains($"<meta property=\"og:url\" content=\"{url}\" />", html);
        Assert.Contains("<meta property=\"og:title\" content=\"Autumn hike · Test Community\" />", html);
        Assert.Contains("<meta property=\"og:image\" content=\"https://example.org/hike.jpg\" />", html);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary_large_image\" />", html);
        Assert.Contains("Sat, 4 Oct 2031, 09:30–16:00 (Europe/Moscow)", html);
        Assert.Contains($"href=\"{UplinkApp.PublicUrl}/events/{id}.ics\"", html);
        var ld = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value).RootElement;
        Assert.Equal("Event", ld.GetProperty("@type").GetString());
        Assert.Equal("Autumn hike", ld.GetProperty("name").GetString());
        Assert.Equal("2031-10-04T09:30:00+03:00", ld.GetProperty("startDate").GetString());
        Assert.Equal("2031-10-04T16:00:00+03:00", ld.GetProperty("endDate").GetString());
        Assert.Equal("https://schema.org/EventScheduled", ld.GetProperty("eventStatus").GetString());
        Assert.Equal("Sparrow Hills", ld.GetProperty("location").GetProperty("name").GetString());
        Assert.Equal("Test Community", ld.GetProperty("organizer").GetProperty("name").GetString());
        Assert.Equal(url, ld.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_cancelled_event_says_so_to_people_and_search_engines()
    {
        using var client = Client();
        var id = await client.CreateEventAsync("Called off", TimeSpan.FromDays(50));
        (await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel"))).Dispose();

        var html = await client.GetStringAsync($"/events/{id}");

        Assert.Contains("This event is cancelled.", html);
        var ld = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value).RootElement;
        Assert.Equal("https://schema.org/EventCancelled", ld.GetProperty("eventStatus").GetString());
    }

    [Fact]
    public async Task Event_text_is_html_encoded_everywhere_on_the_page()
    {
        using var client = Client();
        var e = await client.CreateEventAsync(new
        {
            title = "</title><script>alert('x')</script>", starts_at = Iso(DateTimeOffset.UtcNow.AddDays(51)),
            place = "\"><img src=x onerror=alert(1)>", description = "</script><script>alert(2)</script>",
        });

        var html = await client.GetStringAsync($"/events/{e.GetProperty("id").GetInt64()}");

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Single(ScriptEnd().Matches(html));
        Assert.Contains("&lt;script&gt;alert(", html);
        var ld = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value).RootElement;
        Assert.Equal("</title><script>alert('x')</script>", ld.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_list_page_shows_coming_events_with_links_and_the_calendar_feed()
    {
        using var client = Client();
        var title = $"Listed {Guid.NewGuid():N}"[..20];
        var id = await client.CreateEventAsync(title, TimeSpan.FromMinutes(3));

        var html = await client.GetStringAsync("/events");
        // Other tests on this host make events too: follow the pages, as a reader would.
        var page = html;
        for (var n = 2; !page.Contains($"/events/{id}\"", StringComparison.Ordinal) && n < 100; n++)
        {
            Assert.Contains($"<a rel=\"next\" href=\"/events?page={n}\">", page);
            page = await client.GetStringAsync($"/events?page={n}");
            Assert.Contains($"<link rel=\"canonical\" href=\"{UplinkApp.PublicUrl}/events?page={n}\" />", page);
        }

        Assert.Contains("<title>Events · Test Community</title>", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{UplinkApp.PublicUrl}/events\" />", html);
        Assert.Contains($"<a href=\"/events/{id}\">{title}</a>", page);
        Assert.Contains("href=\"webcal://uplink.example.org/events.ics\"", html);
        Assert.Contains($"<link rel=\"alternate\" type=\"text/calendar\" title=\"Test Community events\" href=\"{UplinkApp.PublicUrl}/events.ics\" />", html);
    }

    [Theory]
    [InlineData("/events/999999999")]
    [InlineData("/events/abc")]
    [InlineData("/events?page=0")]
    [InlineData("/events?page=100000")]
    [InlineData("/events/999999999.ics")]
    public async Task Unknown_events_and_pages_get_a_real_404(string path)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_calendar_feed_parses_back_with_ical_net()
    {
        using var client = Client();
        var e = await client.CreateEventAsync(new
        {
            title = "Feed; with, specials", starts_at = "2031-07-01T18:00:00", ends_at = "2031-07-01T20:00:00", time_zone = "America/New_York",
            place = "Pier 17", description = "Line one\nLine two",
        });
        var id = e.GetProperty("id").GetInt64();
        var cancelled = await client.CreateEventAsync("Feed cancelled", TimeSpan.FromDays(52));
        (await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{cancelled}/cancel"))).Dispose();

        using var response = await client.GetAsync("/events.ics");
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Test Community", calendar.Properties.Get<string>("X-WR-CALNAME"));
        var vevent = Assert.Single(calendar.Events, v => v.Uid == $"event-{id}@uplink.example.org");
        Assert.Equal("Feed; with, specials", vevent.Summary);
        Assert.Equal("Pier 17", vevent.Location);
        Assert.Equal("Line one\nLine two", vevent.Description);
        Assert.Equal("America/New_York", vevent.DtStart!.TzId);
        Assert.Equal(new DateTime(2031, 7, 1, 22, 0, 0, DateTimeKind.Utc), vevent.DtStart.AsUtc);
        Assert.Equal(new DateTime(2031, 7, 2, 0, 0, 0, DateTimeKind.Utc), vevent.DtEnd!.AsUtc);
        Assert.Equal("CONFIRMED", vevent.Status);
        Assert.Equal(new Uri($"{UplinkApp.PublicUrl}/events/{id}"), vevent.Url);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/New_York");
        Assert.Equal("CANCELLED", Assert.Single(calendar.Events, v => v.Uid == $"event-{cancelled}@uplink.example.org").Status);
    }

    [Fact]
    public async Task One_event_downloads_as_its_own_ics_file()
    {
        using var client = Client();
        var id = await client.CreateEventAsync("Solo", TimeSpan.FromDays(53), place: "Room 1");

        using var response = await client.GetAsync($"/events/{id}.ics");
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var vevent = Assert.Single(calendar.Events);
        Assert.Equal(("Solo", "Room 1"), (vevent.Summary, vevent.Location));
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();

    [GeneratedRegex("</script>")]
    private static partial Regex ScriptEnd();
}
