using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>
/// The bot's command menu (setMyCommands) in each language there are texts for; sent whenever the
/// bot starts receiving. The default language's is everyone's whose language has no menu of its own.
/// </summary>
internal sealed class BotMenu(ITelegramBotClient bot, IEnumerable<BotCommandDescription> commands, BotLanguages languages)
{
    public async Task RegisterAsync(CancellationToken ct)
    {
        var listed = commands.Where(c => c.Listed).ToList();
        foreach (var texts in languages.All)
        {
            var languageCode = texts == languages.Default ? null : texts.Culture.TwoLetterISOLanguageName;
            await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.Describe(texts))), languageCode: languageCode,
                cancellationToken: ct);
        }
    }
}
