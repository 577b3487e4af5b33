using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Uplink.Features.Auth;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Auth;

internal enum CallbackState
{
    Ready,
    Invalid,
    Unavailable,
}

/// <summary>
/// <c>/auth/callback?code=…</c>. A GET never spends the code: link-preview crawlers fetch links
/// before people do. The member's button press (a POST with an antiforgery token) spends it,
/// opens the session cookie and goes on to <c>/me</c>. Its POSTs are limited per client, as the API's are.
/// </summary>
[EnableRateLimiting(LoginRateLimits.SiteLoginPolicy)]
internal sealed class CallbackModel(LoginService logins, IOptions<SiteOptions> site) : PageModel
{
    public CallbackState State { get; private set; }

    public string? Code { get; private set; }

    public string CommunityName => site.Value.Name;

    public void OnGet(string? code)
    {
        AuthApi.NoStore(Response);
        State = AccessCode.TryNormalize(code, out var normalized) ? CallbackState.Ready : CallbackState.Invalid;
        Code = normalized;
        if (State == CallbackState.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        var login = await logins.LoginAsync(code, HttpContext, ct);
        if (login is { Outcome: RedeemOutcome.Redeemed, Token: { } token })
        {
            SessionCookie.Write(Response, token, secure: Request.IsHttps || site.Value.PublicUrl.Scheme == Uri.UriSchemeHttps);
            return LocalRedirect("/me");
        }

        State = login.Outcome == RedeemOutcome.Unavailable ? CallbackState.Unavailable : CallbackState.Invalid;
        Response.StatusCode = State == CallbackState.Unavailable
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status400BadRequest;
        return Page();
    }
}
