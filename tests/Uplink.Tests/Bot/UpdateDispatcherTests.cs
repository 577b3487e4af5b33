using System.Text.Json.Nodes;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

[Collection(nameof(SqliteHost))]
public sealed class UpdateDispatcherTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Unknown_command_gets_a_pointer_to_help()
    {
        var reply = await Telegram.NewUser("Ann").SendAsync("/dance");

        Assert.Contains("I don't know that command", reply.Plain);
    }

    [Fact]
    public async Task Sticker_photo_and_plain_text_get_the_help()
    {
        var ann = Telegram.NewUser("Ann");

        var sticker = await ann.SendAsync(new JsonObject
        {
            ["sticker"] = new JsonObject
            {
                ["file_id"] = "CAACAgIAAxkBAAE", ["file_unique_id"] = "AgADsticker", ["type"] = "regular",
                ["width"] = 512, ["height"] = 512, ["is_animated"] = false, ["is_video"] = false,
            },
        });
        var photo = await ann.SendAsync(new JsonObject
        {
            ["photo"] = new JsonArray(new JsonObject { ["file_id"] = "AgACph", ["file_unique_id"] = "AQADph", ["width"] = 90, ["height"] = 90 }),
        });
        var text = await ann.SendAsync("hello there");

        foreach (var reply in new[] { sticker, photo, text })
        {
            Assert.Contains("I understand commands only.", reply.Plain);
            Assert.Contains("/profile", reply.Plain);
        }
    }

    [Fact]
    public async Task Updates_without_a_sender_edits_and_channel_posts_are_skipped_and_the_loop_goes_on()
    {
        var chat = new JsonObject { ["id"] = -100123, ["type"] = "channel", ["title"] = "News" };
        Telegram.PushUpdate(new JsonObject { ["channel_post"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = chat, ["text"] = "/start" } });
        Telegram.PushUpdate(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 2, ["date"] = 0, ["chat"] = chat.DeepClone(), ["text"] = "/start" } });
        var ann = Telegram.NewUser("Ann");
        Telegram.PushUpdate(new JsonObject
        {
            ["edited_message"] = new JsonObject
            {
                ["message_id"] = 3, ["date"] = 0, ["edit_date"] = 1, ["chat"] = new JsonObject { ["id"] = ann.Id, ["type"] = "private" },
                ["from"] = ann.From(), ["text"] = "/start",
            },
        });
        Telegram.PushUpdate(new JsonObject { ["poll"] = new JsonObject { ["id"] = "p", ["question"] = "?", ["options"] = new JsonArray(), ["total_voter_count"] = 0, ["is_closed"] = false, ["is_anonymous"] = true, ["type"] = "regular", ["allows_multiple_answers"] = false } });

        var reply = await ann.SendAsync("/help");

        Assert.Contains("/profile", reply.Plain);
        Assert.DoesNotContain(Telegram.Messages, m => m.ChatId == -100123);
        Assert.Single(ann.Messages);
    }

    [Fact]
    public async Task In_groups_only_commands_for_this_bot_are_answered()
    {
        var ann = Telegram.NewUser("Ann");
        var group = new JsonObject { ["id"] = -4242, ["type"] = "group", ["title"] = "Friends" };
        JsonObject GroupMessage(string text) => new()
        {
            ["message"] = new JsonObject { ["message_id"] = 9, ["date"] = 0, ["chat"] = group.DeepClone(), ["from"] = ann.From(), ["text"] = text },
        };
        Telegram.PushUpdate(GroupMessage("/help@some_other_bot"));
        Telegram.PushUpdate(GroupMessage("just chatting"));
        var before = Telegram.Sequence;
        Telegram.PushUpdate(GroupMessage($"/help@{FakeBotApi.BotUsername}"));

        var reply = await Telegram.WaitForMessageAsync(m => m.ChatId == -4242 && m.Sequence > before);

        Assert.Contains("/profile", reply.Plain);
        Assert.Single(Telegram.Messages, m => m.ChatId == -4242);
    }

    [Fact]
    public async Task A_failing_handler_gets_an_apology_and_the_next_update_is_handled()
    {
        var ann = Telegram.NewUser("Ann");
        Telegram.FailNext("sendMessage", 400, "Bad Request: something unexpected");

        var apology = await ann.SendAsync("/help");
        var help = await ann.SendAsync("/help");

        Assert.Contains("Sorry, something went wrong", apology.Plain);
        Assert.Contains("/profile", help.Plain);
    }

    [Fact]
    public async Task Polling_recovers_after_bad_gateway_and_conflict()
    {
        Telegram.FailNext("getUpdates", 502, "Bad Gateway");
        Telegram.FailNext("getUpdates", 409, "Conflict: terminated by other getUpdates request");
        var ann = Telegram.NewUser("Ann");

        var reply = await ann.SendAsync("/help");

        Assert.Contains("/profile", reply.Plain);
    }

    [Fact]
    public async Task Help_lists_the_commands_in_the_senders_language()
    {
        var reply = await Telegram.NewUser("Аня", "ru").SendAsync("/help");

        Assert.Contains("что я умею", reply.Plain);
        Assert.Contains("/start — Регистрация и главное меню", reply.Plain);
        Assert.Contains("/events — Ближайшие события", reply.Plain);
        Assert.DoesNotContain("/rsvp", reply.Plain);
        Assert.DoesNotContain("/endsession", reply.Plain);
    }

    [Fact]
    public async Task Commands_are_registered_at_start_in_english_and_russian()
    {
        var calls = Telegram.Calls("setMyCommands");

        var english = Assert.Single(calls, c => c.Parameters["language_code"] is null);
        var russian = Assert.Single(calls, c => c.Parameters.Str("language_code") == "ru");
        Assert.Equal(["start", "profile", "referrals", "top", "qr", "logout_all", "events", "help"],
            english.Parameters["commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()));
        Assert.Equal("Регистрация и главное меню", russian.Parameters["commands"]![0]!["description"]!.GetValue<string>());
        Assert.NotEmpty(Telegram.Calls("deleteWebhook"));
    }
}
