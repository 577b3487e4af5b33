using System.Net;
using System.Text.Json.Nodes;
using Uplink.Sandbox.BotApi;

namespace Uplink.Sandbox;

/// <summary>One line of a sandbox chat as the page shows it; a later line with the same id replaces it (an edit).</summary>
internal sealed record ChatLine(long Sequence, int Id, string From, string Html, string? Photo, JsonNode? Markup);

/// <summary>
/// The sandbox users' side of their chats: what they send becomes the updates Telegram would send
/// the bot; what the bot sent comes from the Bot API server, merged in order for the page.
/// </summary>
internal sealed class SandboxChats(SandboxBot bot)
{
    private readonly Lock _gate = new();
    private readonly List<(long ChatId, ChatLine Line)> _said = [];
    private int _nextQuery;

    public void Say(SandboxUser user, string text)
    {
        var messageId = bot.Server.NextMessageId();
        lock (_gate)
        {
            _said.Add((user.Id, new ChatLine(bot.Server.Stamp(), messageId, "user", WebUtility.HtmlEncode(text), null, null)));
        }

        bot.Server.PushUpdate(new JsonObject { ["message"] = user.AsBotApiUser().TextMessage(messageId, text) });
    }

    /// <summary>Presses an inline button under the bot's message <paramref name="messageId"/>; false if there is no such message.</summary>
    public bool Press(SandboxUser user, int messageId, string data)
    {
        if (bot.Server.MessagesAfter(user.Id, 0).LastOrDefault(m => m.MessageId == messageId) is not { } message)
        {
            return false;
        }

        var text = message.Text is null ? "" : message.ParseMode == "HTML" ? TelegramHtml.ToPlainText(message.Text) : message.Text;
        var queryId = $"sandbox-{user.Id}-{Interlocked.Increment(ref _nextQuery)}";
        bot.Server.PushUpdate(user.AsBotApiUser().CallbackQuery(queryId, data, messageId, text));
        return true;
    }

    /// <summary>The chat's lines after <paramref name="sequence"/>, in order.</summary>
    public IReadOnlyList<ChatLine> After(SandboxUser user, long sequence)
    {
        List<ChatLine> said;
        lock (_gate)
        {
            said = [.. _said.Where(s => s.ChatId == user.Id && s.Line.Sequence > sequence).Select(s => s.Line)];
        }

        var sent = bot.Server.MessagesAfter(user.Id, sequence).Select(m => new ChatLine(
            m.Sequence, m.MessageId, "bot",
            m.Text is null ? "" : m.ParseMode == "HTML" ? m.Text : WebUtility.HtmlEncode(m.Text),
            m.Photo is null ? null : $"/sandbox/api/users/{user.Id}/photos/{m.Sequence}",
            m.ReplyMarkup));
        return [.. said.Concat(sent).OrderBy(l => l.Sequence)];
    }

    public byte[]? Photo(SandboxUser user, long sequence) =>
        bot.Server.MessagesAfter(user.Id, sequence - 1).FirstOrDefault(m => m.Sequence == sequence)?.Photo;
}
