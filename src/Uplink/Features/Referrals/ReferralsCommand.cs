using System.Globalization;
using System.Text;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Features.Members;

namespace Uplink.Features.Referrals;

/// <summary><c>/referrals</c>: how many members the sender brought in, and the latest of them.</summary>
internal sealed class ReferralsCommand(
    ITelegramBotClient bot, MemberDirectory members, ReferralQueries referrals, BotIdentity identity, MemberActivity activity)
    : IBotCommand
{
    private const int Latest = 10;

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        await activity.ButtonPressedAsync(context, ct);
        if (await members.FindByTelegramIdAsync(context.From.Id, ct) is not { } member)
        {
            await bot.SendMessage(context.ChatId, ProfileCommand.NotRegistered(context), cancellationToken: ct);
            return;
        }

        var count = await referrals.CountAsync(member.Id, ct);
        var latest = await referrals.LatestAsync(member.Id, Latest, ct);
        var text = new StringBuilder()
            .AppendLine(context.T("Referrals.Count", count));
        if (latest.Count > 0)
        {
            text.AppendLine().AppendLine(context.T("Referrals.Latest"));
            foreach (var referral in latest)
            {
                var date = referral.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                text.AppendLine($"• {BotContext.Html(referral.PublicName)} ({date})");
            }
        }

        text.AppendLine()
            .AppendLine(context.T("Referrals.YourCode") + $" <code>{member.ReferralCode}</code>")
            .Append(context.T("Referrals.YourLink"))
            .Append(BotContext.Html(await identity.DeepLinkAsync(member.ReferralCode, ct)));
        await bot.SendMessage(context.ChatId, text.ToString(), ParseMode.Html, cancellationToken: ct);
    }
}

internal static class ReferralsExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.SectionName)
            .Validate(o => Enum.IsDefined(o.CountWhen), "Referrals:CountWhen must be Registered or Active.")
            .ValidateOnStart();
        return services
            .AddScoped<ReferralQueries>()
            .AddScoped<Leaderboard>()
            .AddScoped<IReferralCounter>(sp => sp.GetRequiredService<ReferralQueries>())
            .AddScoped<IReferralAttribution, ReferralAttribution>()
            .AddScoped<IReferralNotifier, ReferralNotifier>()
            .AddBotCommand<ReferralsCommand>("/referrals")
            .AddBotCommand<TopCommand>(TopCommand.Name);
    }
}
