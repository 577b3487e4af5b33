using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>
/// What the HTTP layers under Telegram.Bot know of one Bot API call: its method and the chat its
/// caller named. The chat comes from the request object (<see cref="IChatTargetable"/>), handed
/// down on the <see cref="HttpRequestMessage"/>, so no layer has to parse the body it sends.
/// </summary>
internal static class TelegramCall
{
    public const string FileDownload = "file download";

    private static readonly HttpRequestOptionsKey<ChatId> ChatKey = new("Uplink.Bot.Chat");

    /// <summary>Subscribed to <see cref="TelegramBotClient.OnMakingApiRequest"/>: runs before each request is sent.</summary>
    public static ValueTask NameChat(ITelegramBotClient bot, ApiRequestEventArgs args, CancellationToken ct)
    {
        if (args is { Request: IChatTargetable { ChatId: { } chat }, HttpRequestMessage: { } http })
        {
            http.Options.Set(ChatKey, chat);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The chat the caller named; null for calls that target none (getMe, answerCallbackQuery, …).</summary>
    public static ChatId? Chat(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(ChatKey, out var chat) ? chat : null;

    /// <summary>The Bot API method, the URL's last segment. Never log the URL itself: it carries the token.</summary>
    public static string Method(HttpRequestMessage? request)
    {
        var path = request?.RequestUri?.AbsolutePath ?? "";
        return path.StartsWith("/file/", StringComparison.Ordinal) ? FileDownload : path[(path.LastIndexOf('/') + 1)..];
    }

    public static bool IsGetUpdates(string method) => method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase);
}
