using Telegram.Bot;
using Telegram.Bot.Types;
using Uplink.Infrastructure.Web;

namespace Uplink.Bot;

/// <summary>
/// The bot's command menu (setMyCommands) in each language there are texts for; sent whenever the
/// bot starts receiving. The default language's is everyone's whose language has no menu of its own.
/// On a public https site, the menu button opens the site's Mini App (<c>/app</c>): Telegram opens
/// Mini Apps only from such URLs.
/// </summary>
internal sealed class BotMenu(ITelegramBotClient bot, IEnumerable<BotCommandDescription> commands, BotLanguages languages, SiteUrls urls)
{
    public const string MiniAppPath = "/app";

    public async Task RegisterAsync(CancellationToken ct)
    {
        var listed = commands.Where(c => c.Listed).ToList();
        foreach (var texts in languages.All)
        {
            var languageCode = texts == languages.Default ? null : texts.Culture.TwoLetterISOLanguageName;
            await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.Describe(texts))), languageCode: languageCode,
                cancellationToken: ct);
        }

        if (urls.IsPublicHttps)
        {
            await bot.SetChatMenuButton(menuButton: new MenuButtonWebApp
            {
                Text = languages.Default["Menu.App"],
                WebApp = new WebAppInfo(urls.Absolute(MiniAppPath)),
            }, cancellationToken: ct);
        }
    }
}
