using System.Text;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Help;

/// <summary><c>/help</c>, also the answer to anything the bot does not understand in a private chat.</summary>
internal sealed class HelpCommand(
    ITelegramBotClient bot, IEnumerable<BotCommandDescription> commands, IOptions<SiteOptions> site) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var text = new StringBuilder();
        var isCommand = context.Update.Message?.Text?.StartsWith('/') ?? context.Callback is not null;
        if (!isCommand)
        {
            text.AppendLine(context.T("Help.CommandsOnly")).AppendLine();
        }

        text.AppendLine(context.T("Help.Header", BotContext.Html(site.Value.Name)));
        foreach (var command in commands.Where(c => c.Listed))
        {
            text.AppendLine($"{command.Name} — {BotContext.Html(command.Describe(context.Texts))}");
        }

        await bot.SendMessage(context.ChatId, text.ToString().TrimEnd(), ParseMode.Html, cancellationToken: ct);
    }
}

internal static class HelpExtensions
{
    public static IServiceCollection AddHelp(this IServiceCollection services) => services
        .AddBotCommand<HelpCommand>(UpdateDispatcher.HelpCommand);
}
