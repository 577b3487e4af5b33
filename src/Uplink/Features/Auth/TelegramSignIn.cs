using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

/// <summary>The Telegram user that signed data names.</summary>
internal sealed record TelegramIdentity(long Id, string FirstName, string? LastName, string? Username, string? LanguageCode);

internal enum TelegramCheck
{
    Valid,

    /// <summary>The hash is missing or does not match: forged, or a field was changed.</summary>
    Forged,

    /// <summary>Signed, but longer ago than the allowed age.</summary>
    Stale,

    /// <summary>No bot token, so nothing can be checked.</summary>
    Unavailable,
}

/// <summary>
/// Sign-in from data Telegram signed for this bot: the login widget's redirect and a Mini App's
/// initData. A Telegram user who is not yet a member is registered (without a referrer).
/// </summary>
internal sealed class TelegramSignIn(
    MemberDirectory members, Registrar registrar, SignIn signIn, IOptions<BotOptions> bot, IOptions<AuthOptions> auth, TimeProvider time)
{
    public TelegramCheck CheckWidget(IReadOnlyDictionary<string, string> fields) =>
        Check(fields, TelegramLoginData.WidgetKey, auth.Value.WidgetMaxAge);

    public TelegramCheck CheckMiniApp(IReadOnlyDictionary<string, string> fields) =>
        Check(fields, TelegramLoginData.MiniAppKey, auth.Value.MiniAppMaxAge);

    public async Task<SignedIn?> SignInAsync(
        TelegramIdentity who, SignInMethod method, HttpContext http, SessionDelivery delivery, CancellationToken ct)
    {
        // A member's stored profile stays as it is: the widget tells no language, neither tells the photo.
        var memberId = await members.FindIdByTelegramIdAsync(who.Id, ct) ?? (await registrar.RegisterAsync(
            new TelegramProfile(who.Id, who.FirstName, who.LastName, who.Username, who.LanguageCode, null, PhotoKnown: false),
            null, ct)).Member.Id;
        return await signIn.SignInAsync(memberId, method, http, delivery, ct);
    }

    private TelegramCheck Check(IReadOnlyDictionary<string, string> fields, Func<string, byte[]> key, TimeSpan maxAge)
    {
        if (string.IsNullOrWhiteSpace(bot.Value.BotToken))
        {
            return TelegramCheck.Unavailable;
        }

        // The signature first: an unsigned auth_date says nothing.
        return !TelegramLoginData.HasValidHash(fields, key(bot.Value.BotToken)) ? TelegramCheck.Forged
            : !TelegramLoginData.IsFresh(fields, maxAge, time.GetUtcNow()) ? TelegramCheck.Stale
            : TelegramCheck.Valid;
    }
}
