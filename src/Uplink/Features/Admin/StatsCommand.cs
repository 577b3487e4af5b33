using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;

namespace Uplink.Features.Admin;

/// <summary><c>/stats</c> (admins): the community's numbers and the bot's state.</summary>
internal sealed class StatsCommand(ITelegramBotClient bot, AdminAccess access, AdminStats stats) : IBotCommand
{
    public const string Name = "/stats";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (!await access.AllowedAsync(context, ct))
        {
            return;
        }

        var s = await stats.ReadAsync(ct);
        var text = string.Join("\n",
            context.T("Stats.Title"),
            "",
            context.T("Stats.Members", s.Members.Total, s.Members.Last7Days, s.Members.Last30Days),
            context.T("Stats.Blocked", s.Blocked),
            context.T("Stats.Referrals", s.Referrals.Total, s.Referrals.Last7Days, s.Referrals.Last30Days, s.ReferralRule),
            context.T("Stats.Logins", s.Logins.Total, s.Logins.Last7Days, s.Logins.Last30Days),
            context.T("Stats.Events", s.EventsComing, s.EventsPast),
            context.T("Stats.Rsvps", s.Rsvps),
            context.T("Stats.Bot", s.Bot.State, s.Bot.LastSuccessfulGetUpdates?.ToString("u") ?? "—"));
        await bot.SendMessage(context.ChatId, text, ParseMode.Html, cancellationToken: ct);
    }
}
