using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Admin;

/// <summary>The admins' bot commands answer admins in their private chat only.</summary>
internal sealed class AdminAccess(ITelegramBotClient bot, IOptions<AdminOptions> admins)
{
    public bool IsAdmin(long telegramUserId) => admins.Value.IsAdmin(telegramUserId);

    public async Task<bool> AllowedAsync(BotContext context, CancellationToken ct)
    {
        string? refusal = null;
        if (!admins.Value.IsAdmin(context.From.Id))
        {
            refusal = context.T("Community.OnlyAdmins");
        }
        else if ((context.Update.Message ?? context.Callback?.Message)?.Chat.Type is { } type && type != ChatType.Private)
        {
            refusal = context.T("Admin.PrivateChat");
        }

        if (refusal is not null)
        {
            await bot.SendMessage(context.ChatId, refusal, cancellationToken: ct);
        }

        return refusal is null;
    }
}
