using System.Globalization;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Auth;

/// <summary><c>/qr</c>: a QR code and a link that log the member into the site once.</summary>
internal sealed class QrCommand(
    ITelegramBotClient bot, MemberDirectory members, AccessCodeStore codes, SiteUrls urls,
    IOptions<SiteOptions> site, IOptions<AuthOptions> auth) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await members.FindByTelegramIdAsync(context.From.Id, ct) is not { } member)
        {
            await bot.SendMessage(context.ChatId, ProfileCommand.NotRegistered(context), cancellationToken: ct);
            return;
        }

        var issued = await codes.IssueAsync(member.Id, ct);
        var link = urls.LoginLink(issued.Code);
        var until = issued.ExpiresAt.ToString("HH:mm", CultureInfo.InvariantCulture);
        var minutes = (int)auth.Value.AccessCodeTtl.TotalMinutes;
        var caption = context.T("Qr.Caption", BotContext.Html(site.Value.Name), until, minutes);

        // Telegram refuses URL buttons to localhost or a bare IP (400), so such links go in the text.
        InlineKeyboardMarkup? button = null;
        if (SiteUrls.IsPublicHost(new Uri(link)))
        {
            button = new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl(context.T("Qr.LogIn"), link));
        }
        else
        {
            caption += "\n\n" + context.T("Qr.OrOpen") + BotContext.Html(link);
        }

        await using var png = new MemoryStream(QrImages.Png(link));
        await bot.SendPhoto(context.ChatId, InputFile.FromStream(png, "login-qr.png"), caption, ParseMode.Html,
            replyMarkup: button, cancellationToken: ct);
    }
}

/// <summary><c>/logout_all</c>: ends every web session, so every token issued before now stops working.</summary>
internal sealed class LogoutAllCommand(ITelegramBotClient bot, MemberDirectory members, WebSessions sessions) : IBotCommand
{
    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        if (await members.FindByTelegramIdAsync(context.From.Id, ct) is not { } member)
        {
            await bot.SendMessage(context.ChatId, ProfileCommand.NotRegistered(context), cancellationToken: ct);
            return;
        }

        var ended = await sessions.EndAllAsync(member.Id, ct);
        await bot.SendMessage(context.ChatId, context.T("Logout.Done", ended), cancellationToken: ct);
    }
}

/// <summary>The "End that session" button under a login notice.</summary>
internal sealed class EndSessionCommand(ITelegramBotClient bot, MemberDirectory members, WebSessions sessions) : IBotCommand
{
    public const string Name = "/endsession";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var member = await members.FindByTelegramIdAsync(context.From.Id, ct);
        var ended = member is not null && context.Arguments.Length == WebSession.IdLength &&
                    await sessions.EndAsync(member.Id, context.Arguments, ct);
        await bot.SendMessage(context.ChatId, ended
            ? context.T("Session.Ended")
            : context.T("Session.AlreadyEnded"), cancellationToken: ct);
    }
}
