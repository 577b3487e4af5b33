namespace Uplink.Bot;

/// <summary>
/// Told when Telegram answers 403 to a message for a chat: the user blocked the bot or deleted
/// their account. Bot/ knows nothing about members; a feature that does implements this.
/// </summary>
internal interface IChatBlockedHandler
{
    Task ChatBlockedAsync(long chatId, string reason, CancellationToken ct);
}
