namespace Uplink.Bot;

/// <summary>
/// Gets plain text (not a command) from a private chat before the dispatcher falls back to /help:
/// a feature that is in the middle of a conversation with the user (a form, a wizard) takes it.
/// </summary>
internal interface IBotTextHandler
{
    /// <summary>True when the text belonged to this handler and was answered.</summary>
    Task<bool> TryHandleAsync(BotContext context, string text, CancellationToken ct);
}
