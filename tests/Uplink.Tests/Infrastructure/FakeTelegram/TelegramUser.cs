using System.Text.Json.Nodes;
using Uplink.Sandbox.BotApi;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>A person talking to the bot in a private chat, through the fake Bot API.</summary>
public sealed class TelegramUser(
    FakeBotApi api, long id, string firstName, string? lastName, string? username, string? languageCode)
{
    private static int _nextMessageId = 1;
    private readonly BotApiUser _user = new(id, firstName, lastName, username, languageCode);

    public long Id => id;

    public string FirstName => firstName;

    /// <summary>Sends a text message and returns the bot's first reply to it.</summary>
    public async Task<SentMessage> SendAsync(string text)
    {
        var after = api.Sequence;
        Push(text);
        return await NextMessageAsync(after);
    }

    /// <summary>Sends a text message and returns the first message to this user that matches (other notices may come first).</summary>
    public async Task<SentMessage> SendAsync(string text, Func<SentMessage, bool> match)
    {
        var after = api.Sequence;
        Push(text);
        return await api.WaitForMessageAsync(m => m.ChatId == id && m.Sequence > after && match(m));
    }

    /// <summary>Sends a text message without waiting for anything.</summary>
    public int Push(string text) =>
        api.PushUpdate(new JsonObject { ["message"] = _user.TextMessage(Interlocked.Increment(ref _nextMessageId), text) });

    /// <summary>Sends a message of another kind (a sticker, a photo…): <paramref name="content"/> is merged in.</summary>
    public async Task<SentMessage> SendAsync(JsonObject content)
    {
        var after = api.Sequence;
        var message = Message(null);
        foreach (var (key, value) in content)
        {
            message[key] = value?.DeepClone();
        }

        api.PushUpdate(new JsonObject { ["message"] = message });
        return await NextMessageAsync(after);
    }

    /// <summary>Presses an inline button carrying <paramref name="callbackData"/> under <paramref name="on"/>.</summary>
    public async Task<SentMessage> PressAsync(string callbackData, SentMessage on)
    {
        var after = api.Sequence;
        PushPress(callbackData, on);
        return await NextMessageAsync(after);
    }

    /// <summary>Presses a button without waiting for anything; returns the callback query's id.</summary>
    public string PushPress(string callbackData, SentMessage on)
    {
        var queryId = $"cq-{id}-{Interlocked.Increment(ref _nextMessageId)}";
        api.PushUpdate(_user.CallbackQuery(queryId, callbackData, on.MessageId, on.Plain));
        return queryId;
    }

    /// <summary>The next message the bot sends to this user after <paramref name="afterSequence"/>.</summary>
    public Task<SentMessage> NextMessageAsync(long afterSequence, TimeSpan? timeout = null) =>
        api.WaitForMessageAsync(m => m.ChatId == id && m.Sequence > afterSequence, timeout);

    public IReadOnlyList<SentMessage> Messages => api.Messages.Where(m => m.ChatId == id).ToList();

    public JsonObject From() => _user.From();

    private JsonObject Message(string? text) => _user.TextMessage(Interlocked.Increment(ref _nextMessageId), text);
}
