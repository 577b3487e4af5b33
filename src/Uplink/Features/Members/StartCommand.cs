using System.Text;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Uplink.Bot;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

/// <summary><c>/start [UP-XXXXXX]</c>: registers the sender (once) and shows the main menu.</summary>
internal sealed class StartCommand(
    ITelegramBotClient bot,
    Registrar registrar,
    TelegramProfiles telegram,
    IReferralNotifier notifier,
    BotIdentity identity,
    IOptions<SiteOptions> site) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var profile = await telegram.ReadAsync(context.From, ct);
        var payload = context.Arguments.Length > 0 ? context.Arguments : null;
        var registration = await registrar.RegisterAsync(profile, payload, ct);
        var member = registration.Member;
        var link = await identity.DeepLinkAsync(member.ReferralCode, ct);

        var text = new StringBuilder();
        var name = BotContext.Html(member.FirstName);
        var community = BotContext.Html(site.Value.Name);
        text.AppendLine(registration.Created
            ? context.T($"👋 Welcome to {community}, {name}!", $"👋 Добро пожаловать в {community}, {name}!")
            : context.T($"👋 Welcome back, {name}!", $"👋 С возвращением, {name}!"));
        if (ReferralLine(context, registration, payload) is { } line)
        {
            text.AppendLine().AppendLine(line);
        }

        text.AppendLine()
            .AppendLine(context.T("Your referral code:", "Ваш реферальный код:") + $" <code>{member.ReferralCode}</code>")
            .AppendLine(context.T("Invite friends with your link:", "Приглашайте друзей по ссылке:"))
            .Append(BotContext.Html(link));

        await bot.SendMessage(context.ChatId, text.ToString(), ParseMode.Html,
            replyMarkup: MainMenu.For(context.Language), cancellationToken: ct);

        if (registration is { Referral: ReferralOutcome.Recorded, Referrer: { } referrer })
        {
            await notifier.NotifyAsync(referrer, member, ct);
        }
    }

    private static string? ReferralLine(BotContext context, Registration registration, string? payload)
    {
        var code = BotContext.Html(payload);
        return registration.Referral switch
        {
            ReferralOutcome.Recorded => context.T(
                $"You joined on the invitation of {BotContext.Html(registration.Referrer!.PublicName)}.",
                $"Вы присоединились по приглашению {BotContext.Html(registration.Referrer!.PublicName)}."),
            ReferralOutcome.UnknownCode => context.T(
                $"No member has the referral code {code}, so you are registered without a referrer.",
                $"Реферальный код {code} не найден, поэтому вы зарегистрированы без пригласившего."),
            ReferralOutcome.MalformedCode => context.T(
                $"“{code}” is not a referral code (they look like {ReferralCode.Prefix}ABC123), so you are registered without a referrer.",
                $"«{code}» — не реферальный код (он выглядит как {ReferralCode.Prefix}ABC123), поэтому вы зарегистрированы без пригласившего."),
            ReferralOutcome.OwnCode => context.T(
                "You can't invite yourself.", "Нельзя пригласить самого себя."),
            ReferralOutcome.AlreadyRegistered => context.T(
                "You are already registered, so the referral code was not applied: it counts only at first registration.",
                "Вы уже зарегистрированы, поэтому реферальный код не применён: он учитывается только при первой регистрации."),
            _ => null,
        };
    }
}
