using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Auth;

/// <summary>
/// <c>/start login_&lt;id&gt;</c>: the member who opened the page's link is asked whether to log in
/// that browser, with three match codes as buttons (only the page's approves) and Deny.
/// </summary>
internal sealed class LoginStartPayload(ITelegramBotClient bot, LoginRequests requests, IOptions<SiteOptions> site)
    : IStartPayloadHandler
{
    public bool Claims(string payload) => payload.StartsWith(BrowserLogin.StartPayloadPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(BotContext context, Member member, string payload, CancellationToken ct)
    {
        var id = payload[BrowserLogin.StartPayloadPrefix.Length..];
        if (id.Length != LoginRequest.IdLength || await requests.ClaimAsync(id, member.Id, ct) is not { } request)
        {
            await bot.SendMessage(context.ChatId, context.T("LoginRequest.Gone"), cancellationToken: ct);
            return;
        }

        var text = context.T("LoginRequest.Confirm", BotContext.Html(site.Value.Name),
            BotContext.Html(UserAgents.Describe(request.UserAgent)),
            BotContext.Html(request.Address ?? context.T("Login.UnknownAddress")));
        var codes = MatchCodes(request.MatchCode)
            .Select(code => InlineKeyboardButton.WithCallbackData(code, $"{LoginPickCommand.Name} {id} {code}"));
        var keyboard = new InlineKeyboardMarkup([
            [.. codes],
            [InlineKeyboardButton.WithCallbackData(context.T("LoginRequest.Deny"), $"{LoginPickCommand.Name} {id} {LoginPickCommand.Deny}")],
        ]);
        await bot.SendMessage(context.ChatId, text, ParseMode.Html, replyMarkup: keyboard, cancellationToken: ct);
    }

    /// <summary>The page's code and two other distinct ones, in random order.</summary>
    private static string[] MatchCodes(string right)
    {
        var codes = new List<string> { right };
        while (codes.Count < 3)
        {
            var decoy = LoginRequests.NewMatchCode();
            if (!codes.Contains(decoy))
            {
                codes.Add(decoy);
            }
        }

        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(codes));
        return [.. codes];
    }
}

/// <summary>A press on a match code or Deny under a login confirmation; the message then says what happened.</summary>
internal sealed class LoginPickCommand(ITelegramBotClient bot, MemberDirectory members, LoginRequests requests) : IBotCommand
{
    public const string Name = "/loginpick";
    public const string Deny = "deny";

    public async Task HandleAsync(BotContext context, CancellationToken ct)
    {
        var parts = context.Arguments.Split(' ');
        var decision = Decision.Ended;
        if (parts is [var id, var pick] && await members.FindByTelegramIdAsync(context.From.Id, ct) is { } member)
        {
            decision = await requests.DecideAsync(id, member.Id, pick == Deny ? null : pick, ct);
        }

        var text = decision switch
        {
            Decision.Approved => context.T("LoginRequest.Approved"),
            Decision.Denied when parts is [_, Deny] => context.T("LoginRequest.Denied"),
            Decision.Denied => context.T("LoginRequest.WrongCode"),
            _ => context.T("LoginRequest.Gone"),
        };

        // The buttons go with the edit: a request is decided once.
        if (context.Callback?.Message is { } message)
        {
            await bot.EditMessageText(context.ChatId, message.MessageId, text, cancellationToken: ct);
        }
        else
        {
            await bot.SendMessage(context.ChatId, text, cancellationToken: ct);
        }
    }
}
