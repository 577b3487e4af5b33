using System.Text.Json.Nodes;
using Uplink.Sandbox.BotApi;

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

    internal static SentMessage From(BotApiMessage m) =>
        new(m.Sequence, m.Method, m.ChatId, m.MessageId, m.Text, m.ParseMode, m.ReplyMarkup, m.Photo, m.LinkPreviewDisabled, m.At);
}

/// <summary>One request the bot made, with its parameters and when the server received it (on <see cref="FakeBotApi.Clock"/>).</summary>
public sealed record BotApiCall(long Sequence, string Method, JsonObject Parameters, DateTimeOffset At = default)
{
    internal static BotApiCall From(BotApiRequest r) => new(r.Sequence, r.Method, r.Parameters, r.At);
}

/// <summary>Bot API parameters arrive as JSON values, or as strings in multipart forms (the product's reading, for tests).</summary>
internal static class Parameters
{
    public static string? Str(this JsonObject p, string name) => BotApiParameters.Str(p, name);

    public static long? Long(this JsonObject p, string name) => BotApiParameters.Long(p, name);

    public static JsonNode? Json(this JsonObject p, string name) => BotApiParameters.Json(p, name);
}
