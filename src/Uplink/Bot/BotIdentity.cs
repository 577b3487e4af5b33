using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>The bot's own account (getMe), fetched once and kept: deep links need its username.</summary>
internal sealed class BotIdentity(IServiceProvider services)
{
    private User? _me;

    /// <summary>The bot's account if already known, without asking Telegram.</summary>
    public User? Current => Volatile.Read(ref _me);

    /// <summary><c>https://t.me/bot</c> once the account is known, without asking Telegram.</summary>
    public string? Link => Current?.Username is { } username ? $"https://t.me/{username}" : null;

    public async Task<User> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _me) is { } me)
        {
            return me;
        }

        var bot = services.GetRequiredService<ITelegramBotClient>();
        me = await bot.GetMe(ct);
        Volatile.Write(ref _me, me);
        return me;
    }

    /// <summary><c>https://t.me/bot?start=payload</c>, the link that opens the bot with /start payload.</summary>
    public async Task<string> DeepLinkAsync(string payload, CancellationToken ct)
    {
        var me = await GetAsync(ct);
        return $"https://t.me/{me.Username}?start={Uri.EscapeDataString(payload)}";
    }
}
