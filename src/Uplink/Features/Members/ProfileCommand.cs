using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary><c>/profile</c> shows the sender's private profile; <c>/profile UP-XXXXXX</c> someone's public one.</summary>
internal sealed class ProfileCommand(
    ITelegramBotClient bot, MemberDirectory members, TelegramProfiles telegram, TelegramRefresh refresh, ProfileReader profiles,
    MemberActivity activity)
    : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        await activity.ButtonPressedAsync(context, ct);
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
        await refresh.RefreshAsync(member, await telegram.ReadAsync(context.From, ct), ct);
        return ProfileTexts.Private(await profiles.FreshPrivateProfileAsync(member, ct), context.Texts);
    }

    private async Task<string> PublicProfileAsync(BotContext context, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(context.Arguments, out var code))
        {
            return context.T("Profile.NotACode", BotContext.Html(context.Arguments), ReferralCode.Prefix);
        }

        return await profiles.GetPublicProfileAsync(code, ct) is { } profile
            ? ProfileTexts.Public(profile, context.Texts)
            : context.T("Profile.NoSuchMember", code);
    }

    public static string NotRegistered(BotContext context) => context.T("Profile.NotRegistered");
}
