using System.Text.Json.Nodes;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>Something the bot made appear in a chat: a message, a photo or an edit.</summary>
public sealed record SentMessage(
    long Sequence,
    string Method,
    long ChatId,
    int MessageId,
    string? Text,
    string? ParseMode,
    JsonNode? ReplyMarkup,
    byte[]? Photo,
    bool LinkPreviewDisabled,
    DateTimeOffset At = default)
{
    /// <summary>The text as the user reads it (HTML tags dropped, entities decoded).</summary>
    public string Plain => Text is null ? "" : ParseMode == "HTML" ? TelegramHtml.ToPlainText(Text) : Text;

    /// <summary>The inline keyboard's buttons, row by row.</summary>
    public IReadOnlyList<IReadOnlyList<JsonObject>> Buttons =>
        ReplyMarkup?["inline_keyboard"] is JsonArray rows
            ? rows.Select(r => (IReadOnlyList<JsonObject>)r!.AsArray().Select(b => b!.AsObject()).ToList()).ToList()
            : [];

    public IEnumerable<string> CallbackData =>
        Buttons.SelectMany(r => r).Select(b => b["callback_data"]?.GetValue<string>()).OfType<string>();
}

/// <summary>One request the bot made, with its parameters and when the server received it (on <see cref="FakeBotApi.Clock"/>).</summary>
public sealed record BotApiCall(long Sequence, string Method, JsonObject Parameters, DateTimeOffset At = default);
