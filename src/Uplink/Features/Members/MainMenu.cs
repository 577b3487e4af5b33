using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary>The inline main menu sent with the welcome; each button runs the command it names.</summary>
internal static class MainMenu
{
    public static InlineKeyboardMarkup For(BotLanguage language) => new(
    [
        [
            InlineKeyboardButton.WithCallbackData(language.Pick("👤 Profile", "👤 Профиль"), "/profile"),
            InlineKeyboardButton.WithCallbackData(language.Pick("🔑 QR code", "🔑 QR-код"), "/qr"),
        ],
        [
            InlineKeyboardButton.WithCallbackData(language.Pick("📅 Events", "📅 События"), "/events"),
            InlineKeyboardButton.WithCallbackData(language.Pick("🤝 Referrals", "🤝 Рефералы"), "/referrals"),
        ],
        [
            InlineKeyboardButton.WithCallbackData(language.Pick("❓ Help", "❓ Помощь"), "/help"),
        ],
    ]);
}
