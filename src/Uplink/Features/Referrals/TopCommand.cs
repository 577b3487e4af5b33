using System.Text;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Features.Members;

namespace Uplink.Features.Referrals;

/// <summary><c>/top</c>: the ten members who brought in the most, and the sender's own place below.</summary>
internal sealed class TopCommand(ITelegramBotClient bot, MemberDirectory members, Leaderboard leaderboard, MemberActivity activity)
    : IBotCommand
{
    public const string Name = "/top";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        await activity.ButtonPressedAsync(context, ct);
        var me = await members.FindIdByTelegramIdAsync(context.From.Id, ct);
        var board = await leaderboard.ReadAsync(Leaderboard.DefaultSize, me, ct);
        var text = new StringBuilder().AppendLine(context.T("Top.Title")).AppendLine();
        if (board.Top.Count == 0)
        {
            text.AppendLine(context.T("Top.Empty"));
        }

        foreach (var entry in board.Top)
        {
            text.AppendLine(Line(entry, context));
        }

        if (me is not null)
        {
            text.AppendLine().Append(board.Own is { } own
                ? context.T("Top.You", own.Rank, own.Count)
                : context.T("Top.YouNone"));
        }

        await bot.SendMessage(context.ChatId, text.ToString().TrimEnd(), ParseMode.Html, cancellationToken: ct);
    }

    private static string Line(LeaderboardEntry entry, BotContext context) =>
        context.T("Top.Line", entry.Rank, entry.Name is { } name ? BotContext.Html(name) : context.T("Top.Hidden"), entry.Count);
}
