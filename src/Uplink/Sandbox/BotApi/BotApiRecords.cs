using System.Text.Json.Nodes;

namespace Uplink.Sandbox.BotApi;

/// <summary>The bot account the server answers getMe with, and the only token it accepts.</summary>
internal sealed record BotAccount(string Token, long Id, string Username, string FirstName)
{
    public JsonObject ToJson() => new() { ["id"] = Id, ["is_bot"] = true, ["first_name"] = FirstName, ["username"] = Username };
}

/// <summary>Something the bot made appear in a chat: a message, a photo or an edit (same message id, later sequence).</summary>
internal sealed record BotApiMessage(
    long Sequence,
    string Method,
    long ChatId,
    int MessageId,
    string? Text,
    string? ParseMode,
    JsonNode? ReplyMarkup,
    byte[]? Photo,
    bool LinkPreviewDisabled,
    DateTimeOffset At)
{
    public bool IsEdit => Method.StartsWith("edit", StringComparison.Ordinal);
}

/// <summary>One request the bot made, with its parameters and when the server received it.</summary>
internal sealed record BotApiRequest(long Sequence, string Method, JsonObject Parameters, DateTimeOffset At);

/// <summary>A person in a private chat with the bot; builds the updates Telegram would send for them.</summary>
internal sealed record BotApiUser(long Id, string FirstName, string? LastName = null, string? Username = null, string? LanguageCode = null)
{
    public JsonObject From()
    {
        var user = new JsonObject { ["id"] = Id, ["is_bot"] = false, ["first_name"] = FirstName };
        if (LastName is not null) user["last_name"] = LastName;
        if (Username is not null) user["username"] = Username;
        if (LanguageCode is not null) user["language_code"] = LanguageCode;
        return user;
    }

    public JsonObject Chat() => new() { ["id"] = Id, ["type"] = "private", ["first_name"] = FirstName };

    /// <summary>A message update; a leading /command is marked as Telegram marks it (a bot_command entity).</summary>
    public JsonObject TextMessage(int messageId, string? text)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = Chat(),
            ["from"] = From(),
        };
        if (text is not null)
        {
            message["text"] = text;
        }

        if (text is not null && text.StartsWith('/'))
        {
            var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }

        return message;
    }

    /// <summary>A press of an inline button carrying <paramref name="data"/> under the bot's message.</summary>
    public JsonObject CallbackQuery(string queryId, string data, int messageId, string messageText) => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = queryId,
            ["from"] = From(),
            ["chat_instance"] = $"ci-{Id}",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = Chat(),
                ["text"] = messageText,
            },
        },
    };
}
