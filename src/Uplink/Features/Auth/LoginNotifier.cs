using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;
using Uplink.Features.Members;

namespace Uplink.Features.Auth;

internal sealed record LoginNotice(long MemberId, string SessionId, string? UserAgent, string? Address);

/// <summary>
/// Tells members in the bot about each new login, with a button that ends that session. Sent in
/// the background so that a slow Telegram never slows a login down; bounded, so a flood of logins
/// cannot grow memory (notices beyond the bound are dropped with a log line).
/// </summary>
internal sealed class LoginNotifier(ILogger<LoginNotifier> logger)
{
    private readonly Channel<LoginNotice> _queue = Channel.CreateBounded<LoginNotice>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<LoginNotice> Reader => _queue.Reader;

    public void Enqueue(LoginNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            logger.LogWarning("Login notice for member {MemberId} dropped: the queue is full", notice.MemberId);
        }
    }
}

internal sealed class LoginNoticeSender(
    LoginNotifier notifier, IServiceScopeFactory scopes, IOptions<BotOptions> bot, BotLanguages languages, ILogger<LoginNoticeSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in notifier.Reader.ReadAllAsync(stoppingToken))
        {
            if (string.IsNullOrWhiteSpace(bot.Value.BotToken))
            {
                continue;
            }

            try
            {
                await SendAsync(notice, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not tell member {MemberId} about a new login", notice.MemberId);
            }
        }
    }

    private async Task SendAsync(LoginNotice notice, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var member = await scope.ServiceProvider.GetRequiredService<ProfileReader>().GetPrivateProfileAsync(notice.MemberId, ct);
        if (member is null)
        {
            return;
        }

        var texts = languages.For(member.LanguageCode); // the member's language: this runs outside any update of theirs
        var browser = BotContext.Html(UserAgents.Describe(notice.UserAgent));
        var address = BotContext.Html(notice.Address ?? texts["Login.UnknownAddress"]);
        var client = scope.ServiceProvider.GetRequiredService<ITelegramBotClient>();
        await client.SendMessage(member.TelegramUserId,
            texts["Login.Notice", browser, address],
            ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(
                texts["Login.EndSession"], $"{EndSessionCommand.Name} {notice.SessionId}")),
            cancellationToken: ct);
    }
}
