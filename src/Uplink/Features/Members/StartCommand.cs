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
    IEnumerable<IStartPayloadHandler> payloadHandlers,
    IOptions<SiteOptions> site) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var profile = await telegram.ReadAsync(context.From, ct);
        var payload = context.Arguments.Length > 0 ? context.Arguments : null;
        var handler = payload is null ? null : payloadHandlers.FirstOrDefault(h => h.Claims(payload));
        var registration = await registrar.RegisterAsync(profile, handler is null ? payload : null, ct);
        if (handler is not null)
        {
            // A newcomer still gets the welcome first; a member goes straight to what the link is for.
            if (registration.Created)
            {
                await WelcomeAsync(context, registration, null, ct);
            }

            await handler.HandleAsync(context, registration.Member, payload!, ct);
            return;
        }

        await WelcomeAsync(context, registration, payload, ct);
    }

    private async Task WelcomeAsync(BotContext context, Registration registration, string? payload, CancellationToken ct)
    {
        var member = registration.Member;
        var link = await identity.DeepLinkAsync(member.ReferralCode, ct);

        var text = new StringBuilder();
        var name = BotContext.Html(member.FirstName);
        var community = BotContext.Html(site.Value.Name);
        text.AppendLine(registration.Created
            ? context.T("Start.Welcome", community, name)
            : context.T("Start.WelcomeBack", name));
        if (ReferralLine(context, registration, payload) is { } line)
        {
            text.AppendLine().AppendLine(line);
        }

        text.AppendLine()
            .AppendLine(context.T("Start.YourCode") + $" <code>{member.ReferralCode}</code>")
            .AppendLine(context.T("Start.InviteLink"))
            .Append(BotContext.Html(link));

        await bot.SendMessage(context.ChatId, text.ToString(), ParseMode.Html,
            replyMarkup: MainMenu.For(context.Texts), cancellationToken: ct);

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
            ReferralOutcome.Recorded => context.T("Start.Referral.Recorded", BotContext.Html(registration.Referrer!.PublicName)),
            ReferralOutcome.UnknownCode => context.T("Start.Referral.UnknownCode", code),
            ReferralOutcome.MalformedCode => context.T("Start.Referral.MalformedCode", code, ReferralCode.Prefix),
            ReferralOutcome.OwnCode => context.T("Start.Referral.OwnCode"),
            ReferralOutcome.AlreadyRegistered => context.T("Start.Referral.AlreadyRegistered"),
            _ => null,
        };
    }
}
