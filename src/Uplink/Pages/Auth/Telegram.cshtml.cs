using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Uplink.Features.Auth;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Auth;

/// <summary>
/// <c>/auth/telegram?id=…&amp;auth_date=…&amp;hash=…</c>, where Telegram's login widget sends the
/// visitor. A redirect Telegram signed for this bot, recent enough, signs in and goes to <c>/me</c>;
/// anything else gets a page that says why, and no session.
/// </summary>
[EnableRateLimiting(AuthExtensions.SignInPolicy)]
internal sealed class TelegramModel(TelegramSignIn telegram, IOptions<SiteOptions> site) : PageModel
{
    public TelegramCheck Check { get; private set; }

    public string CommunityName => site.Value.Name;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        var fields = Request.Query.ToDictionary(q => q.Key, q => q.Value.Count == 1 ? q.Value[0]! : "", StringComparer.Ordinal);
        Check = telegram.CheckWidget(fields);
        if (Check == TelegramCheck.Valid && Identity(fields) is { } who &&
            await telegram.SignInAsync(who, SignInMethod.Widget, HttpContext, SessionDelivery.Cookie, ct) is not null)
        {
            return LocalRedirect("/me");
        }

        Check = Check == TelegramCheck.Valid ? TelegramCheck.Forged : Check;
        Response.StatusCode = Check == TelegramCheck.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized;
        return Page();
    }

    private static TelegramIdentity? Identity(Dictionary<string, string> fields) =>
        long.TryParse(fields.GetValueOrDefault("id"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) &&
        id > 0 && fields.GetValueOrDefault("first_name") is { Length: > 0 } first
            ? new TelegramIdentity(id, first, fields.GetValueOrDefault("last_name"), fields.GetValueOrDefault("username"), null)
            : null;
}
