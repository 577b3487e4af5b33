namespace Uplink.Infrastructure.Auth;

/// <summary>
/// The site keeps the JWT in an HttpOnly cookie: page scripts (and so injected ones) cannot read
/// it, and SameSite=Lax plus antiforgery tokens on forms keep other sites from using it.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "uplink_session";

    public static void Write(HttpResponse response, IssuedToken token, bool secure) =>
        response.Cookies.Append(Name, token.AccessToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            Path = "/",
            Expires = token.ExpiresAt,
            IsEssential = true,
        });

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name, new CookieOptions { Path = "/" });
}

/// <summary>Tells whether a token's web session is still open (not ended by the member).</summary>
internal interface ISessionValidator
{
    ValueTask<bool> IsActiveAsync(string sessionId, long memberId, CancellationToken ct);
}
