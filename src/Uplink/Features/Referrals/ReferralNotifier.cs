using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Features.Members;

namespace Uplink.Features.Referrals;

/// <summary>Tells a member that someone joined with their code.</summary>
internal sealed class ReferralNotifier(ITelegramBotClient bot, ReferralQueries referrals, ILogger<ReferralNotifier> logger)
    : IReferralNotifier
{
    public async Task NotifyAsync(Member referrer, Member newcomer, CancellationToken ct)
    {
        var lang = BotLanguages.From(referrer.LanguageCode);
        var count = await referrals.CountAsync(referrer.Id, ct);
        var name = BotContext.Html(newcomer.PublicName);
        try
        {
            await bot.SendMessage(referrer.TelegramUserId, lang.Pick(
                $"🎉 {name} joined with your referral code. Members you invited: {count}.",
                $"🎉 {name} присоединился(-ась) по вашему реферальному коду. Приглашено вами: {count}."),
                ParseMode.Html, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The referrer may have blocked the bot; the newcomer's registration stands regardless.
            logger.LogWarning(ex, "Could not notify member {MemberId} of a new referral", referrer.Id);
        }
    }
}
