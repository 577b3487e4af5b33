using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Events.EventSteps;

namespace Uplink.Tests.Features.Events;

/// <summary>The same journeys on PostgreSQL: upserts, unique keys and queries translate on both providers.</summary>
[Collection(nameof(PostgresHost))]
public sealed class EventsPostgresTests(PostgresHost host)
{
    [Fact]
    public async Task Import_rsvp_list_and_cancel_work_on_postgres()
    {
        await using var site = await FakeEventsSite.StartAsync();
        var start = Seconds(DateTimeOffset.UtcNow.AddDays(2));
        site.Serve("/feed", $$"""[{"id": "a", "title": "Stays", "starts_at": "{{Iso(start)}}"}, {"id": "b", "title": "Goes", "starts_at": "{{Iso(start)}}"}]""");
        Assert.Equal(2, (await host.App.ImportAsync(site.Url("/feed"))).Added);
        site.Serve("/feed", $$"""[{"id": "a", "title": "Stays", "starts_at": "{{Iso(start)}}"}]""");
        var second = await host.App.ImportAsync(site.Url("/feed"));
        var imported = await host.App.EventsFromAsync(site.Url("/feed"));

        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Local on Postgres", TimeSpan.FromHours(50));
        var dana = host.Telegram.NewUser("Dana");
        await dana.SendAsync("/start");
        var card = await dana.SendAsync($"/event {id}");
        var going = await dana.PressAsync($"/rsvp {id} yes", card);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/events?page_size=50");
        var before = host.Telegram.Sequence;
        (await client.SendAsync(ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel"))).Dispose();
        var notice = await dana.NextMessageAsync(before);

        Assert.Equal((0, 0, 1), (second.Added, second.Updated, second.Removed));
        Assert.Equal((EventStatus.Scheduled, EventStatus.Removed), (imported["a"].Status, imported["b"].Status));
        Assert.Contains("Going: 1", going.Plain);
        var listed = list.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id);
        Assert.Equal(1, listed.GetProperty("going_count").GetInt32());
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("title").GetString() == "Goes");
        Assert.Contains("is called off", notice.Plain);
    }
}
