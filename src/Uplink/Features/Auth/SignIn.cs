using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Auth;

/// <summary>The ways into the site; each ends in <see cref="SignIn"/>.</summary>
internal enum SignInMethod
{
    /// <summary>A one-time code from the bot's QR (or from a trusted service).</summary>
    QrCode,

    /// <summary>A login started on <c>/login</c> and approved in the bot.</summary>
    BrowserRequest,

    /// <summary>Telegram's "Log in with Telegram" widget.</summary>
    Widget,

    /// <summary>The site opened inside Telegram as a Mini App.</summary>
    MiniApp,
}

/// <summary>How the new session reaches the client: the site's HttpOnly cookie, or a Bearer token in the answer.</summary>
internal enum SessionDelivery
{
    Cookie,
    Token,
}

internal sealed record SignedIn(IssuedToken Token, PrivateProfileDto Profile, string SessionId);

/// <summary>
/// The one place a member gets into the site, whatever the way in: it opens the web session, issues
/// its token (and sets the session cookie when the client is the site itself) and queues the "new
/// login" notice with its end-session button. Callers only decide who the member is.
/// </summary>
internal sealed class SignIn(
    WebSessions sessions, ProfileReader profiles, TokenService tokens, LoginNotifier notifier, MemberActivity activity,
    SiteUrls urls, ILogger<SignIn> logger)
{
    /// <summary>Null when the member no longer exists.</summary>
    public async Task<SignedIn?> SignInAsync(
        long memberId, SignInMethod method, HttpContext http, SessionDelivery delivery, CancellationToken ct)
    {
        // Through the profile cache: the answer needs the profile anyway, and so does the login notice.
        var member = await profiles.GetPrivateProfileAsync(memberId, ct);
        if (member is null)
        {
            return null;
        }

        // Logging into the site is activity: under Referrals:CountWhen=Active it makes the member count.
        await activity.MarkActiveByIdAsync(member.Id, ct);
        var session = await sessions.OpenAsync(member.Id, UserAgent(http), Address(http), ct);
        return Complete(member, session, method, http, delivery);
    }

    /// <summary>
    /// A session not yet stored, for a way in that stores it itself, together with deciding who the
    /// member is (a code login, in one round trip; <see cref="SignedInAsync"/> then finishes).
    /// </summary>
    public WebSession NewSession(HttpContext http) => sessions.New(0, UserAgent(http), Address(http));

    /// <summary>Finishes a sign-in whose session is stored and whose member's activity is recorded.</summary>
    public async Task<SignedIn?> SignedInAsync(
        WebSession session, SignInMethod method, HttpContext http, SessionDelivery delivery, CancellationToken ct) =>
        await profiles.GetPrivateProfileAsync(session.MemberId, ct) is { } member
            ? Complete(member, session, method, http, delivery)
            : null;

    private SignedIn Complete(PrivateProfileDto member, WebSession session, SignInMethod method, HttpContext http, SessionDelivery delivery)
    {
        var token = tokens.Issue(member.Id, session.Id, session.CreatedAt, session.ExpiresAt);
        if (delivery == SessionDelivery.Cookie)
        {
            SessionCookie.Write(http.Response, token, secure: http.Request.IsHttps || urls.IsHttps);
        }

        notifier.Enqueue(new LoginNotice(member.Id, session.Id, session.UserAgent, session.Address));
        logger.LogInformation("Member {MemberId} signed in by {Method}", member.Id, method);
        return new SignedIn(token, member, session.Id);
    }

    private static string UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString();

    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
