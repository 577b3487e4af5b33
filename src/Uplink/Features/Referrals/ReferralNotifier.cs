using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Features.Members;

namespace Uplink.Features.Referrals;

/// <summary>Tells a member that someone joined with their code.</summary>
internal sealed class ReferralNotifier(
    ITelegramBotClient bot, ReferralQueries referrals, BotLanguages languages, ILogger<ReferralNotifier> logger)
    : IReferralNotifier
{
    public async Task NotifyAsync(Member referrer, Member newcomer, CancellationToken ct)
    {
        var texts = languages.For(referrer.LanguageCode); // the referrer's language, not the newcomer's
        var count = await referrals.CountAsync(referrer.Id, ct);
        var name = BotContext.Html(newcomer.PublicName);
        try
        {
            await bot.SendMessage(referrer.TelegramUserId, texts["Referrals.Joined", name, count], ParseMode.Html, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The referrer may have blocked the bot; the newcomer's registration stands regardless.
            logger.LogWarning(ex, "Could not notify member {MemberId} of a new referral", referrer.Id);
        }
    }
}
