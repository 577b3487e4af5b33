using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Events;

[Collection(nameof(SqliteHost))]
public sealed class EventsBotTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Events_lists_coming_events_and_pages_in_place()
    {
        using var client = host.App.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 1; i <= 6; i++)
        {
            await client.CreateEventAsync($"{tag} talk {i}", TimeSpan.FromMinutes(5 + i));
        }

        var ann = Telegram.NewUser("Ann");
        var list = await ann.SendAsync("/events");
        // Other tests on this host make events too: walk every page, as a user pressing "Later" would.
        var pages = new List<SentMessage> { list };
        while (pages[^1].CallbackData.FirstOrDefault(d => d == $"/events {pages.Count + 1}") is { } later && pages.Count < 100)
        {
            pages.Add(await ann.PressAsync(later, pages[^1]));
        }

        var total = pages.Count;
        Assert.True(total >= 2, "six events make at least two pages");
        for (var n = 1; n <= total; n++)
        {
            var page = pages[n - 1];
            Assert.Contains($"Upcoming events (page {n} of {total})", page.Plain);
            var events = page.CallbackData.Count(d => d.StartsWith("/event ", StringComparison.Ordinal));
            Assert.InRange(events, n < total ? 5 : 1, 5);
            Assert.Equal(n > 1 ? "editMessageText" : "sendMessage", page.Method);
            Assert.Equal(list.MessageId, page.MessageId); // the same message, turned page by page
            Assert.Equal(n > 1, page.CallbackData.Contains($"/events {n - 1}"));
        }

        // Each of the six once, soonest first.
        var mine = pages.SelectMany(p => System.Text.RegularExpressions.Regex.Matches(p.Plain, $"{tag} talk \\d")).Select(m => m.Value);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"{tag} talk {i}"), mine);
        Assert.DoesNotContain("/newevent", list.CallbackData); // admins only
    }

    [Fact]
    public async Task Going_and_cant_go_buttons_update_the_card_in_place()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Board games night", TimeSpan.FromDays(5), place: "Library");
        var ann = Telegram.NewUser("Ann");
        await ann.SendAsync("/start");
        var bob = Telegram.NewUser("Bob");
        await bob.SendAsync("/start");

        var card = await ann.SendAsync($"/event {id}");
        var going = await ann.PressAsync($"/rsvp {id} yes", card);
        var bobs = await bob.PressAsync($"/rsvp {id} yes", await bob.SendAsync($"/event {id}"));
        var cant = await ann.PressAsync($"/rsvp {id} no", card);

        Assert.Contains("Board games night", card.Plain);
        Assert.Contains("📍 Library", card.Plain);
        Assert.Contains("Going: 0", card.Plain);
        Assert.Equal([$"/rsvp {id} yes", $"/rsvp {id} no", "/events"], card.CallbackData);
        Assert.Equal(("editMessageText", card.MessageId), (going.Method, going.MessageId));
        Assert.Contains("Going: 1", going.Plain);
        Assert.Contains("You're going.", going.Plain);
        Assert.Contains("Going: 2", bobs.Plain);
        Assert.Contains("Going: 1", cant.Plain);
        Assert.Contains("You can't go.", cant.Plain);
        var rows = await host.App.QueryAsync(db => db.EventRsvps.Where(r => r.EventId == id).ToListAsync());
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Pressing_going_on_an_unchanged_card_is_not_an_error()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Twice pressed", TimeSpan.FromDays(5));
        var ann = Telegram.NewUser("Ann");
        await ann.SendAsync("/start");
        var card = await ann.SendAsync($"/event {id}");
        var going = await ann.PressAsync($"/rsvp {id} yes", card);

        // Telegram answers "message is not modified" to an edit that changes nothing (and so does the fake).
        var before = Telegram.Sequence;
        var query = ann.PushPress($"/rsvp {id} yes", going);
        await Telegram.WaitForCallAsync("answerCallbackQuery", c => c.Parameters.Str("callback_query_id") == query);

        Assert.Contains(Telegram.Calls("editMessageText"), c => c.Sequence > before); // tried, and refused
        Assert.DoesNotContain(ann.Messages, m => m.Sequence > before);
        Assert.Equal(1, await host.App.QueryAsync(db => db.EventRsvps.CountAsync(r => r.EventId == id && r.Going)));
    }

    [Fact]
    public async Task In_a_group_the_card_shows_the_count_not_the_last_presser_s_answer()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Group outing", TimeSpan.FromDays(5));
        var ann = Telegram.NewUser("Ann");
        await ann.SendAsync("/start");
        var group = new JsonObject { ["id"] = -4343, ["type"] = "group", ["title"] = "Friends" };
        var before = Telegram.Sequence;
        Telegram.PushUpdate(new JsonObject
        {
            ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = group.DeepClone(), ["from"] = ann.From(), ["text"] = $"/event {id}" },
        });
        var card = await Telegram.WaitForMessageAsync(m => m.ChatId == -4343 && m.Sequence > before);
        Telegram.PushUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "cq-group", ["from"] = ann.From(), ["chat_instance"] = "g", ["data"] = $"/rsvp {id} yes",
                ["message"] = new JsonObject { ["message_id"] = card.MessageId, ["date"] = 0, ["chat"] = group.DeepClone(), ["text"] = card.Plain },
            },
        });

        var edited = await Telegram.WaitForMessageAsync(m => m.ChatId == -4343 && m.Method == "editMessageText");

        Assert.Contains("Going: 1", edited.Plain);
        Assert.DoesNotContain("You're going", edited.Plain);
        Assert.DoesNotContain(edited.Buttons.SelectMany(r => r), b => b["text"]!.GetValue<string>().Contains('✔'));
    }

    [Fact]
    public async Task Rsvp_before_registering_asks_to_start()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Newcomers welcome", TimeSpan.FromDays(6));
        var stranger = Telegram.NewUser("Stranger");
        var card = await stranger.SendAsync($"/event {id}");

        var reply = await stranger.PressAsync($"/rsvp {id} yes", card);

        Assert.Contains("not registered yet. Send /start", reply.Plain);
    }

    [Fact]
    public async Task A_cancelled_event_shows_as_cancelled_without_rsvp_buttons()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Rained off", TimeSpan.FromDays(7));
        var ann = Telegram.NewUser("Ann");
        await ann.SendAsync("/start");
        var card = await ann.SendAsync($"/event {id}");
        (await client.SendAsync(EventSteps.ServiceRequest(HttpMethod.Post, $"/api/events/{id}/cancel"))).Dispose();

        var pressed = await ann.PressAsync($"/rsvp {id} yes", card);

        Assert.Contains("Cancelled", pressed.Plain);
        Assert.DoesNotContain(pressed.CallbackData, d => d.StartsWith("/rsvp", StringComparison.Ordinal));
        Assert.Equal(0, await host.App.QueryAsync(db => db.EventRsvps.CountAsync(r => r.EventId == id)));
    }

    [Fact]
    public async Task Hostile_titles_reach_the_user_as_plain_text()
    {
        using var client = host.App.CreateClient();
        const string title = "<b>Free</b> beer & <a href=\"x\">pizza</a> *now* _!_ </code>";
        var created = await client.CreateEventAsync(new { title, starts_at = EventSteps.Iso(DateTimeOffset.UtcNow.AddDays(8)), place = "<i>Basement</i> & co", description = "1 < 2 > 0" });
        var ann = Telegram.NewUser("Ann");

        // The fake Bot API refuses badly escaped HTML with 400, as Telegram does; the bot would apologize instead.
        var card = await ann.SendAsync($"/event {created.GetProperty("id").GetInt64()}");

        Assert.Contains(title, card.Plain);
        Assert.Contains("📍 <i>Basement</i> & co", card.Plain);
        Assert.Contains("1 < 2 > 0", card.Plain);
    }

    [Theory]
    [InlineData("/event 999999999")]
    [InlineData("/event abc")]
    [InlineData("/event")]
    public async Task Unknown_events_get_a_polite_answer(string command)
    {
        var reply = await Telegram.NewUser("Ann").SendAsync(command);

        Assert.Contains("There is no such event.", reply.Plain);
    }

    [Fact]
    public async Task Stale_or_forged_rsvp_buttons_get_a_polite_answer()
    {
        var ann = Telegram.NewUser("Ann");
        var welcome = await ann.SendAsync("/start");

        var forged = await ann.PressAsync("/rsvp 1 perhaps", welcome);
        var unknown = await ann.PressAsync("/rsvp 999999999 yes", welcome);

        Assert.Contains("no longer used", forged.Plain);
        Assert.Contains("There is no such event.", unknown.Plain);
    }

    [Fact]
    public async Task Events_answers_in_russian_for_russian_speakers()
    {
        var reply = await Telegram.NewUser("Аня", "ru").SendAsync("/events");

        Assert.Contains("событи", reply.Plain);
    }
}
