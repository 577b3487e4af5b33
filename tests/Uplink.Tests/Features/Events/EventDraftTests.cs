using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Events;

/// <summary>Admins create, edit and cancel events in the bot through a guided conversation.</summary>
[Collection(nameof(SqliteHost))]
public sealed class EventDraftTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    private TelegramUser Admin() => new(Telegram, UplinkApp.AdminTelegramId, "Ada", null, "ada_admin", "en");

    [Fact]
    public async Task An_admin_creates_an_event_step_by_step_with_back_and_skip()
    {
        var admin = Admin();
        await admin.SendAsync("/start");
        var day = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(12), DateTimeKind.Unspecified);
        var when = $"{day:yyyy-MM-dd} 19:00-21:30 Europe/Berlin";

        var title = await admin.SendAsync("/newevent");
        var step2 = await admin.SendAsync("<b>Quiz</b> & night");
        var unreadable = await admin.SendAsync("tomorrow evening");
        var past = await admin.SendAsync("2001-01-01 10:00");
        var unknownZone = await admin.SendAsync($"{day:yyyy-MM-dd} 19:00 Mars/Olympus");
        var step3 = await admin.SendAsync(when);
        var back = await admin.PressAsync("/draft back", step3);
        await admin.SendAsync(when);
        var step4 = await admin.PressAsync("/draft skip", step3);
        var confirm = await admin.SendAsync("Bring friends.\nTeams of four.");
        var buttonsPlease = await admin.SendAsync("yes please");
        var saved = await admin.PressAsync("/draft save", confirm);

        Assert.Contains("New event · step 1 of 4", title.Plain);
        Assert.Contains("What is the event called?", title.Plain);
        Assert.Equal(["/draft cancel"], title.CallbackData);
        Assert.Contains("step 2 of 4", step2.Plain);
        Assert.Contains("could not read that date", unreadable.Plain);
        Assert.Contains("step 2 of 4", unreadable.Plain);
        Assert.Contains("The start must be in the future.", past.Plain);
        Assert.Contains("Unknown time zone “Mars/Olympus”", unknownZone.Plain);
        Assert.Contains("step 3 of 4", step3.Plain);
        Assert.Equal(["/draft back", "/draft skip", "/draft cancel"], step3.CallbackData);
        Assert.Contains("step 2 of 4", back.Plain);
        Assert.Contains("step 4 of 4", step4.Plain);
        Assert.Contains("<b>Quiz</b> & night", confirm.Plain);
        Assert.Contains("19:00–21:30 (Europe/Berlin)", confirm.Plain);
        Assert.Contains("Teams of four.", confirm.Plain);
        Assert.DoesNotContain("📍", confirm.Plain);
        Assert.Equal(["/draft save", "/draft back", "/draft cancel"], confirm.CallbackData);
        Assert.Contains("use the buttons", buttonsPlease.Plain);
        Assert.Contains("✅ Event created.", saved.Plain);

        var e = await host.App.QueryAsync(db => db.Events.AsNoTracking().OrderBy(x => x.Id).LastAsync(x => x.Title == "<b>Quiz</b> & night"));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(day.AddHours(19), berlin), e.StartsAt.UtcDateTime);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(day.AddHours(21.5), berlin), e.EndsAt!.Value.UtcDateTime);
        Assert.Equal(("Europe/Berlin", null, "Bring friends.\nTeams of four.", Event.LocalSource), (e.TimeZone, e.Place, e.Description, e.Source));
        Assert.Contains($"/editevent {e.Id}", saved.CallbackData);
        Assert.Contains($"/cancelevent {e.Id}", saved.CallbackData);
        Assert.False(await host.App.QueryAsync(db => db.EventConversations.AnyAsync(c => c.TelegramUserId == admin.Id)));
    }

    [Fact]
    public async Task Cancel_discards_the_draft_and_plain_text_gets_the_help_again()
    {
        var admin = Admin();
        await admin.SendAsync("/newevent");
        await admin.SendAsync("Never saved");

        var cancelled = await admin.SendAsync("/cancel");
        var text = await admin.SendAsync("hello?");
        var nothing = await admin.SendAsync("/cancel");

        Assert.Contains("Draft discarded", cancelled.Plain);
        Assert.Contains("I understand commands only.", text.Plain);
        Assert.Contains("nothing to cancel", nothing.Plain);
        Assert.False(await host.App.QueryAsync(db => db.Events.AnyAsync(e => e.Title == "Never saved")));
    }

    [Fact]
    public async Task Members_who_are_not_admins_cannot_manage_events()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Not yours", TimeSpan.FromDays(9));
        var mallory = Telegram.NewUser("Mallory");
        await mallory.SendAsync("/start");

        var create = await mallory.SendAsync("/newevent");
        var edit = await mallory.SendAsync($"/editevent {id}");
        var welcome = mallory.Messages[0];
        var cancel = await mallory.PressAsync($"/cancelevent {id} confirm", welcome);
        var draft = await mallory.PressAsync("/draft save", welcome);
        var text = await mallory.SendAsync("Title of my event");

        Assert.All([create, edit, cancel, draft], m => Assert.Contains("Only the community's admins", m.Plain));
        Assert.Contains("I understand commands only.", text.Plain);
        Assert.Equal(EventStatus.Scheduled, (await host.App.QueryAsync(db => db.Events.SingleAsync(e => e.Id == id))).Status);
    }

    [Fact]
    public async Task Admins_manage_events_only_in_a_private_chat()
    {
        var admin = Admin();
        var group = new JsonObject { ["id"] = -777, ["type"] = "supergroup", ["title"] = "Community" };
        var before = Telegram.Sequence;
        Telegram.PushUpdate(new JsonObject
        {
            ["message"] = new JsonObject { ["message_id"] = 5, ["date"] = 0, ["chat"] = group, ["from"] = admin.From(), ["text"] = "/newevent" },
        });

        var reply = await Telegram.WaitForMessageAsync(m => m.ChatId == -777 && m.Sequence > before);

        Assert.Contains("private chat", reply.Plain);
    }

    [Fact]
    public async Task Editing_keeps_what_the_admin_keeps_and_attendees_hear_of_the_new_time()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Picnic", TimeSpan.FromDays(3), place: "Park");
        var bob = Telegram.NewUser("Bob");
        await bob.SendAsync("/start");
        await bob.PressAsync($"/rsvp {id} yes", await bob.SendAsync($"/event {id}"));
        var admin = Admin();
        var newDay = DateTime.UtcNow.Date.AddDays(4);

        var step1 = await admin.SendAsync($"/editevent {id}");
        var step2 = await admin.PressAsync("/draft keep", step1);
        var step3 = await admin.SendAsync($"{newDay:dd.MM.yyyy} 12:00 UTC");
        await admin.PressAsync("/draft keep", step3);
        var confirm = await admin.PressAsync("/draft keep", step3);
        var before = Telegram.Sequence;
        var saved = await admin.PressAsync("/draft save", confirm);
        var notice = await bob.NextMessageAsync(before);

        Assert.Contains("Editing the event · step 1 of 4", step1.Plain);
        Assert.Contains("Now: Picnic", step1.Plain);
        Assert.Equal(["/draft keep", "/draft cancel"], step1.CallbackData);
        Assert.Contains("Now: ", step2.Plain);
        Assert.Contains("Now: Park", step3.Plain);
        Assert.Equal(["/draft back", "/draft keep", "/draft skip", "/draft cancel"], step3.CallbackData);
        Assert.Contains("Changes saved", saved.Plain);
        Assert.Contains("An event you're going to has changed", notice.Plain);
        Assert.Contains("Picnic", notice.Plain);
        Assert.Contains(newDay.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) + ", 12:00", notice.Plain);
        Assert.Contains("📍 Park", notice.Plain);
        Assert.Equal([$"/event {id}"], notice.CallbackData);
        var e = await host.App.QueryAsync(db => db.Events.SingleAsync(x => x.Id == id));
        Assert.Equal((new DateTimeOffset(newDay.AddHours(12), TimeSpan.Zero), "Park", 1), (e.StartsAt, e.Place, e.Revision));
    }

    [Fact]
    public async Task Cancelling_asks_first_then_tells_the_attendees()
    {
        using var client = host.App.CreateClient();
        var id = await client.CreateEventAsync("Concert", TimeSpan.FromDays(6));
        var carol = Telegram.NewUser("Carol", "ru");
        await carol.SendAsync("/start");
        await carol.PressAsync($"/rsvp {id} yes", await carol.SendAsync($"/event {id}"));
        var admin = Admin();

        var question = await admin.SendAsync($"/cancelevent {id}");
        var before = Telegram.Sequence;
        var done = await admin.PressAsync($"/cancelevent {id} confirm", question);
        var notice = await carol.NextMessageAsync(before);
        var twice = await admin.PressAsync($"/cancelevent {id} confirm", question);

        Assert.Contains("Cancel Concert? Everyone going will be told.", question.Plain);
        Assert.Equal([$"/cancelevent {id} confirm", $"/event {id}"], question.CallbackData);
        Assert.Contains("Concert is cancelled. 1 attendee(s) will be told.", done.Plain);
        Assert.Contains("Событие, на которое вы собирались, отменено", notice.Plain);
        Assert.Contains("Concert", notice.Plain);
        Assert.Contains("This event was cancelled.", twice.Plain);
        Assert.Single(carol.Messages, m => m.Plain.Contains("отменено", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imported_events_are_changed_at_their_source_not_in_the_bot()
    {
        await using var site = await FakeEventsSite.StartAsync();
        site.Serve("/feed", $$"""[{"id": "x", "title": "Imported", "starts_at": "{{EventSteps.Iso(DateTimeOffset.UtcNow.AddDays(9))}}"}]""");
        await host.App.ImportAsync(site.Url("/feed"));
        var id = (await host.App.EventsFromAsync(site.Url("/feed")))["x"].Id;
        var admin = Admin();

        var edit = await admin.SendAsync($"/editevent {id}");
        var card = await admin.SendAsync($"/event {id}");

        Assert.Contains($"This event comes from {site.BaseUrl.Authority}/feed", edit.Plain);
        Assert.DoesNotContain(card.CallbackData, d => d.StartsWith("/editevent", StringComparison.Ordinal));
    }
}
