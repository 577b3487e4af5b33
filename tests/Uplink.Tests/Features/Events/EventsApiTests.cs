using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

[Collection(nameof(SqliteHost))]
public sealed class EventsApiTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Service_creates_an_event_and_anyone_reads_it_in_its_time_zone()
    {
        using var client = host.App.CreateClient();

        var created = await client.CreateEventAsync(new
        {
            title = "Spring meetup", starts_at = "2031-03-15T19:00:00", ends_at = "2031-03-15T21:00:00", time_zone = "Europe/Berlin",
            place = "Café Central", description = "Talks and tea.", link = "https://example.org/spring", image_url = "https://example.org/s.jpg",
        });
        var id = created.GetProperty("id").GetInt64();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/events/{id}");

        Assert.Equal("Spring meetup", read.GetProperty("title").GetString());
        Assert.Equal("2031-03-15T19:00:00+01:00", read.GetProperty("starts_at").GetString());
        Assert.Equal("2031-03-15T21:00:00+01:00", read.GetProperty("ends_at").GetString());
        Assert.Equal("Europe/Berlin", read.GetProperty("time_zone").GetString());
        Assert.Equal("Café Central", read.GetProperty("place").GetString());
        Assert.Equal("scheduled", read.GetProperty("status").GetString());
        Assert.Equal("uplink", read.GetProperty("source").GetString());
        Assert.Equal(0, read.GetProperty("going_count").GetInt32());
        Assert.Equal($"{UplinkApp.PublicUrl}/events/{id}", read.GetProperty("url").GetString());
        Assert.Equal($"{UplinkApp.PublicUrl}/events/{id}.ics", read.GetProperty("ics_url").GetString());
    }

    [Fact]
    public async Task The_list_has_only_coming_scheduled_events_soonest_first_and_pages()
    {
        using var client = host.App.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..6];
        // Far ahead of anything other tests create, so these are the last three of the list.
        var ids = new List<long>();
        for (var i = 3; i >= 1; i--)
        {
            ids.Add(await client.CreateEventAsync($"{tag} #{i}", TimeSpan.FromDays(3000 + i)));
        }

        using var cancel = await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{ids[0]}/cancel"));
        var first = await client.GetFromJsonAsync<JsonElement>("/api/events?page_size=50");
        var total = first.GetProperty("total").GetInt32();
        // One event a page: the last two pages are the two latest events, #3 being cancelled.
        var secondLast = await client.GetFromJsonAsync<JsonElement>($"/api/events?page={total - 1}&page_size=1");
        var last = await client.GetFromJsonAsync<JsonElement>($"/api/events?page={total}&page_size=1");
        var beyond = await client.GetFromJsonAsync<JsonElement>($"/api/events?page={total + 1}&page_size=1");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var starts = first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("starts_at").GetDateTimeOffset()).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.Equal(Math.Min(total, 50), starts.Count);
        Assert.Equal($"{tag} #1", Assert.Single(secondLast.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal($"{tag} #2", Assert.Single(last.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal((total, 1, total), (last.GetProperty("page").GetInt32(), last.GetProperty("page_size").GetInt32(), last.GetProperty("total").GetInt32()));
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/events?page=0")]
    [InlineData("/api/events?page_size=500")]
    [InlineData("/api/events?page=abc")]
    public async Task Bad_paging_gets_a_400_problem(string path)
    {
        using var client = host.App.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/events/999999999")]
    [InlineData("/api/events/abc")]
    public async Task Unknown_events_get_a_404_problem(string path)
    {
        using var client = host.App.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"starts_at": "2031-01-01T10:00:00Z"}""", "title")]
    [InlineData("""{"title": "   ", "starts_at": "2031-01-01T10:00:00Z"}""", "title")]
    [InlineData("""{"title": "Line\nbreak", "starts_at": "2031-01-01T10:00:00Z"}""", "title")]
    [InlineData("""{"title": "No start"}""", "starts_at")]
    [InlineData("""{"title": "Past", "starts_at": "2001-01-01T10:00:00Z"}""", "starts_at")]
    [InlineData("""{"title": "Garbled", "starts_at": "soon"}""", "starts_at")]
    [InlineData("""{"title": "Backwards", "starts_at": "2031-01-01T10:00:00Z", "ends_at": "2031-01-01T09:00:00Z"}""", "ends_at")]
    [InlineData("""{"title": "Zone", "starts_at": "2031-01-01T10:00:00", "time_zone": "Mars/Olympus"}""", "time_zone")]
    [InlineData("""{"title": "Link", "starts_at": "2031-01-01T10:00:00Z", "link": "javascript:alert(1)"}""", "link")]
    [InlineData("""{"title": "Image", "starts_at": "2031-01-01T10:00:00Z", "image_url": "/relative.png"}""", "image_url")]
    public async Task Invalid_events_get_a_validation_problem_naming_the_field(string body, string field)
    {
        using var client = host.App.CreateClient();

        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"title": """)]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"title": 42, "starts_at": "2031-01-01T10:00:00Z"}""")]
    [InlineData("")]
    public async Task Malformed_bodies_get_a_400_problem_never_a_500(string body)
    {
        using var client = host.App.CreateClient();

        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_huge_body_is_refused()
    {
        using var client = host.App.CreateClient();
        var huge = "{\"title\": \"" + new string('a', 2 * 1024 * 1024) + "\", \"starts_at\": \"2031-01-01T10:00:00Z\"}";

        using var response = await client.SendAsync(ServiceRequest(HttpMethod.Post, "/api/events", new StringContent(huge, Encoding.UTF8, "application/json")));

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Managing_events_needs_the_service_key()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Keyed", TimeSpan.FromDays(40));
        var body = new { title = "Hijacked", starts_at = "2031-01-01T10:00:00Z" };

        using var noKey = await client.PostAsJsonAsync("/api/events", body);
        using var wrongKey = await client.SendAsync(ServiceRequest(HttpMethod.Patch, $"/api/events/{id}", body, key: "wrong"));
        using var cancel = await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel", key: ""));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [noKey.StatusCode, wrongKey.StatusCode, cancel.StatusCode]);
        Assert.Equal("Keyed", (await client.GetFromJsonAsync<JsonElement>($"/api/events/{id}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Patch_changes_only_what_it_names_and_cancel_is_final()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Before", TimeSpan.FromDays(41), place: "Hall A");

        using var patch = await client.SendAsync(ServiceRequest(HttpMethod.Patch, $"/api/events/{id}", new { title = "After", place = "" }));
        var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
        using var cancel = await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel"));
        using var again = await client.SendAsync(ServiceRequest(HttpMethod.Patch, $"/api/events/{id}", new { title = "Revived?" }));

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("After", patched.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("place").ValueKind);
        Assert.True(patched.GetProperty("ends_at").GetDateTimeOffset() > patched.GetProperty("starts_at").GetDateTimeOffset());
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Rsvp_needs_a_member_token()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Members only", TimeSpan.FromDays(42));

        using var response = await client.PostAsJsonAsync($"/api/events/{id}/rsvp", new { going = true });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Rsvp_toggling_is_idempotent()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Toggle", TimeSpan.FromDays(43));
        using var member = await MemberClientAsync("Rita");
        using var other = await MemberClientAsync("Sam");

        var counts = new List<int>();
        foreach (var (who, going) in new[] { (member, true), (member, true), (other, true), (member, false), (member, false), (member, true) })
        {
            using var response = await who.PostAsJsonAsync($"/api/events/{id}/rsvp", new { going });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(going, body.GetProperty("going").GetBoolean());
            counts.Add(body.GetProperty("going_count").GetInt32());
        }

        Assert.Equal([1, 1, 2, 1, 1, 2], counts);
        Assert.Equal(2, await host.App.QueryAsync(db => Task.FromResult(db.EventRsvps.Count(r => r.EventId == id))));
    }

    [Fact]
    public async Task Rsvp_bad_input_unknown_and_cancelled_events_get_clear_problems()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Soon cancelled", TimeSpan.FromDays(44));
        using var member = await MemberClientAsync("Una");

        using var missing = await member.PostAsJsonAsync($"/api/events/{id}/rsvp", new { });
        using var garbage = await member.PostAsync($"/api/events/{id}/rsvp", new StringContent("{\"going\": \"maybe\"}", Encoding.UTF8, "application/json"));
        using var unknown = await member.PostAsJsonAsync("/api/events/999999999/rsvp", new { going = true });
        (await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel"))).Dispose();
        using var cancelled = await member.PostAsJsonAsync($"/api/events/{id}/rsvp", new { going = true });

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict],
            [missing.StatusCode, garbage.StatusCode, unknown.StatusCode, cancelled.StatusCode]);
        Assert.All([missing, garbage, unknown, cancelled], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Hostile_text_is_stored_and_returned_verbatim_as_data()
    {
        using var client = host.App.CreateClient();
        const string title = "<script>alert(1)</script> *bold* _x_ [link](javascript:1) & \"quotes\"";

        var created = await client.CreateEventAsync(new { title, starts_at = "2031-05-01T10:00:00Z", description = "</textarea><b>hi</b>" });

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/events/{created.GetProperty("id").GetInt64()}");
        Assert.Equal(title, read.GetProperty("title").GetString());
        Assert.Equal("</textarea><b>hi</b>", read.GetProperty("description").GetString());
    }

    private async Task<HttpClient> MemberClientAsync(string name)
    {
        var user = Telegram.NewUser(name);
        await user.SendAsync("/start");
        var client = host.App.CreateClient();
        var token = await client.LoginAsync(await client.GenerateCodeAsync(user.Id));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
