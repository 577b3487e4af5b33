using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Admin;
using Uplink.Features.Events;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Admin;

/// <summary>
/// An admin writes a broadcast in the bot: message → audience → preview with the recipient count →
/// send. On a host of its own, so that "everyone" is a known number of members.
/// </summary>
public sealed class BroadcastConversationTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task An_admin_sends_formatted_text_to_one_events_attendees_who_alone_get_it()
    {
        var admin = await AdminAsync();
        var (going, notGoing) = (Telegram.NewUser("Gia"), Telegram.NewUser("Nat"));
        await going.SendAsync("/start");
        await notGoing.SendAsync("/start");
        var eventId = await EventWithAttendeesAsync("Quiz night", going.Id);

        var ask = await admin.SendAsync("/broadcast");
        var audience = await admin.SendAsync(Formatted("Quiz moved to Friday!", "bold", 0, 4));
        var preview = await admin.PressAsync(Button(audience, "Quiz night"), audience);
        var confirm = await admin.NextMessageAsync(preview.Sequence);
        var progress = await admin.PressAsync("/bdraft send", confirm);

        Assert.Contains("New broadcast", ask.Plain);
        Assert.Equal(["/bdraft cancel"], ask.CallbackData);
        Assert.Equal("Who should get it?", audience.Plain);
        Assert.Contains("Quiz night (1 going)", Labels(audience));
        Assert.Equal(["/bdraft audience all", $"/bdraft audience {eventId}", "/bdraft back", "/bdraft cancel"], audience.CallbackData);
        Assert.Equal("<b>Quiz</b> moved to Friday!", preview.Text); // the preview is the message itself, formatting kept
        Assert.Equal("Above is the message as members will see it. Send it to 1 members?", confirm.Plain);
        Assert.Equal(["/bdraft send", "/bdraft back", "/bdraft cancel"], confirm.CallbackData);
        Assert.Contains("Broadcast #", progress.Plain);

        var delivered = await going.NextMessageAsync(confirm.Sequence);
        Assert.Equal("<b>Quiz</b> moved to Friday!", delivered.Text);
        await Telegram.WaitForMessageAsync(m => m.ChatId == admin.Id && m.Plain.Contains("1 delivered, 0 blocked the bot", StringComparison.Ordinal));
        Assert.DoesNotContain(notGoing.Messages, m => m.Plain.Contains("Quiz moved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Back_returns_to_the_message_step_and_cancel_discards_the_draft()
    {
        var admin = await AdminAsync();
        await admin.SendAsync("/broadcast");
        var audience = await admin.SendAsync("First try");

        var back = await admin.PressAsync("/bdraft back", audience);
        var again = await admin.SendAsync("Second try");
        var everyone = Button(again, "Everyone");
        var confirm = await admin.NextMessageAsync((await admin.PressAsync(everyone, again)).Sequence);
        var backToAudience = await admin.PressAsync("/bdraft back", confirm);
        var discarded = await admin.PressAsync("/bdraft cancel", backToAudience);
        var stale = await admin.PressAsync("/bdraft send", confirm);

        Assert.Contains("New broadcast", back.Plain);
        Assert.Equal("Who should get it?", again.Plain);
        Assert.Equal("Second try", (await admin.NextMessageAsync(again.Sequence)).Text);
        Assert.Equal("Who should get it?", backToAudience.Plain);
        Assert.Equal("Broadcast discarded.", discarded.Plain);
        Assert.Equal("This broadcast draft is no longer open. Start again with /broadcast.", stale.Plain);
        Assert.DoesNotContain(Telegram.Messages, m => m.Text == "Second try" && m.ChatId != admin.Id);
    }

    [Fact]
    public async Task A_photo_with_a_caption_reaches_everyone_as_a_photo()
    {
        var admin = await AdminAsync();
        var member = Telegram.NewUser("Pia");
        await member.SendAsync("/start");
        await admin.SendAsync("/broadcast");

        var audience = await admin.SendAsync(new JsonObject
        {
            ["photo"] = new JsonArray(
                new JsonObject { ["file_id"] = "photo-small", ["file_unique_id"] = "s", ["width"] = 90, ["height"] = 60, ["file_size"] = 900 },
                new JsonObject { ["file_id"] = "photo-large", ["file_unique_id"] = "l", ["width"] = 1280, ["height"] = 853, ["file_size"] = 90_000 }),
            ["caption"] = "Our new venue",
        });
        var preview = await admin.PressAsync(Button(audience, "Everyone"), audience);
        var confirm = await admin.NextMessageAsync(preview.Sequence);
        await admin.PressAsync("/bdraft send", confirm);

        Assert.Equal(("sendPhoto", "Our new venue"), (preview.Method, preview.Text));
        var members = await host.App.QueryAsync(db => Task.FromResult(db.Members.Count()));
        Assert.Contains($"Send it to {members} members?", confirm.Plain);
        var delivered = await member.NextMessageAsync(confirm.Sequence);
        Assert.Equal(("sendPhoto", "Our new venue"), (delivered.Method, delivered.Text));
        var call = await Telegram.WaitForCallAsync("sendPhoto", c => (long?)c.Parameters["chat_id"] == member.Id);
        Assert.Equal("photo-large", (string?)call.Parameters["photo"]); // the largest size, by its file id
        // The admin chat is shared by every test of the class: the final report must not land in the next one.
        await Telegram.WaitForMessageAsync(m => m.ChatId == admin.Id && m.Plain.Contains($"{members} delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broadcast_done_before_its_progress_message_is_posted_is_reported_in_it()
    {
        var admin = await AdminAsync();
        var member = Telegram.NewUser("Rae");
        await member.SendAsync("/start");
        await admin.SendAsync("/broadcast");
        var audience = await admin.SendAsync(new JsonObject
        {
            ["photo"] = new JsonArray(new JsonObject { ["file_id"] = "picnic", ["file_unique_id"] = "p", ["width"] = 90, ["height"] = 60 }),
            ["caption"] = "Bring a blanket",
        });
        var confirm = await admin.NextMessageAsync((await admin.PressAsync(Button(audience, "Everyone"), audience)).Sequence);
        var members = await host.App.QueryAsync(db => db.Members.CountAsync());
        var progressPosted = new TaskCompletionSource();
        Telegram.HoldNext("sendMessage", progressPosted.Task); // the progress message; the delivery is a photo

        admin.PushPress("/bdraft send", confirm);
        await member.NextMessageAsync(confirm.Sequence);
        await CompletedAsync();
        progressPosted.SetResult();

        var report = await Telegram.WaitForMessageAsync(m => m.ChatId == admin.Id && m.Plain.Contains($"{members} delivered, 0 blocked the bot", StringComparison.Ordinal));
        Assert.Equal("editMessageText", report.Method);
    }

    [Fact]
    public async Task A_member_who_is_not_an_admin_is_refused()
    {
        var mallory = Telegram.NewUser("Mallory");
        await mallory.SendAsync("/start");

        var refused = await mallory.SendAsync("/broadcast");
        var next = await mallory.SendAsync("Everyone, click my link");

        Assert.Equal("Only the community's admins can do this.", refused.Plain);
        Assert.DoesNotContain("Who should get it?", next.Plain);
        Assert.Equal("Only the community's admins can do this.", (await mallory.SendAsync("/bdraft send")).Plain);
    }

    /// <summary>Waits until the sender has finished the latest broadcast (nothing it sends tells).</summary>
    private async Task CompletedAsync()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var status = await host.App.QueryAsync(db => db.Broadcasts.OrderByDescending(b => b.Id).Select(b => b.Status).FirstAsync());
            if (status == BroadcastStatus.Completed)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The broadcast was not completed.");
    }

    private async Task<TelegramUser> AdminAsync()
    {
        var admin = new TelegramUser(Telegram, UplinkApp.AdminTelegramId, "Ada", null, "ada_admin", "en");
        await admin.SendAsync("/start");
        return admin;
    }

    private Task<long> EventWithAttendeesAsync(string title, params long[] telegramIds) => host.App.QueryAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var e = new Event { Title = title, StartsAt = now.AddDays(3), TimeZone = "UTC", Source = Event.LocalSource, CreatedAt = now };
        db.Events.Add(e);
        await db.SaveChangesAsync();
        foreach (var member in db.Members.Where(m => telegramIds.Contains(m.TelegramUserId)).Select(m => m.Id).ToList())
        {
            db.EventRsvps.Add(new EventRsvp { EventId = e.Id, MemberId = member, Going = true, UpdatedAt = now });
        }

        await db.SaveChangesAsync();
        return e.Id;
    });

    /// <summary>A text message with one formatting entity, as Telegram delivers what the admin typed.</summary>
    private static JsonObject Formatted(string text, string entity, int offset, int length) => new()
    {
        ["text"] = text,
        ["entities"] = new JsonArray(new JsonObject { ["type"] = entity, ["offset"] = offset, ["length"] = length }),
    };

    private static IEnumerable<string> Labels(SentMessage message) =>
        message.Buttons.SelectMany(r => r).Select(b => (string)b["text"]!);

    private static string Button(SentMessage message, string labelStart) =>
        (string)message.Buttons.SelectMany(r => r).First(b => ((string)b["text"]!).StartsWith(labelStart, StringComparison.Ordinal))["callback_data"]!;
}
