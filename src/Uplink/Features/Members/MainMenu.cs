using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary>The inline main menu sent with the welcome; each button runs the command it names.</summary>
internal static class MainMenu
{
    public static InlineKeyboardMarkup For(BotTexts texts) => new(
    [
        [
            InlineKeyboardButton.WithCallbackData(texts["Menu.Profile"], "/profile"),
            InlineKeyboardButton.WithCallbackData(texts["Menu.Qr"], "/qr"),
        ],
        [
            InlineKeyboardButton.WithCallbackData(texts["Menu.Events"], "/events"),
            InlineKeyboardButton.WithCallbackData(texts["Menu.Referrals"], "/referrals"),
        ],
        [
            InlineKeyboardButton.WithCallbackData(texts["Menu.Help"], "/help"),
        ],
    ]);
}
