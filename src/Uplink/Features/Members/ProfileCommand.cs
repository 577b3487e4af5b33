using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Features.Photos;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

/// <summary><c>/profile</c> shows the sender's private profile; <c>/profile UP-XXXXXX</c> someone's public one.</summary>
internal sealed class ProfileCommand(ITelegramBotClient bot, MemberService members, TelegramPhotos photos, SiteUrls urls)
    : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var text = context.Arguments.Length > 0
            ? await PublicProfileAsync(context, ct)
            : await PrivateProfileAsync(context, ct);
        await bot.SendMessage(context.ChatId, text, ParseMode.Html, cancellationToken: ct);
    }

    private async Task<string> PrivateProfileAsync(BotContext context, CancellationToken ct)
    {
        if (await members.FindByTelegramIdAsync(context.From.Id, ct) is not { } member)
        {
            return NotRegistered(context);
        }

        // Keep names and the photo current: people change them in Telegram, not here.
        await members.RefreshAsync(member, await context.From.ToProfileAsync(photos, ct), ct);
        var referrals = await members.CountReferralsAsync(member.Id, ct);
        return ProfileTexts.Private(member.AsPrivateDto(referrals, urls), context.Texts);
    }

    private async Task<string> PublicProfileAsync(BotContext context, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(context.Arguments, out var code))
        {
            return context.T("Profile.NotACode", BotContext.Html(context.Arguments), ReferralCode.Prefix);
        }

        return await members.GetPublicProfileAsync(code, ct) is { } profile
            ? ProfileTexts.Public(profile, context.Texts)
            : context.T("Profile.NoSuchMember", code);
    }

    public static string NotRegistered(BotContext context) => context.T("Profile.NotRegistered");
}
