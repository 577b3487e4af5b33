using Telegram.Bot;
using Telegram.Bot.Types;

namespace Uplink.Bot;

/// <summary>The bot's command menu (setMyCommands), in English and Russian; sent whenever the bot starts receiving.</summary>
internal sealed class BotMenu(ITelegramBotClient bot, IEnumerable<BotCommandDescription> commands)
{
    public async Task RegisterAsync(CancellationToken ct)
    {
        var listed = commands.Where(c => c.Listed).ToList();
        await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.English)), cancellationToken: ct);
        await bot.SetMyCommands(listed.Select(c => new BotCommand(c.Name.TrimStart('/'), c.Russian)), languageCode: "ru",
            cancellationToken: ct);
    }
}
