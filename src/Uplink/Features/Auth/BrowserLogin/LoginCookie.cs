namespace Uplink.Features.Auth;

/// <summary>
/// Binds a login request to the browser that started it: an HttpOnly cookie, only on the
/// <c>/login</c> paths, holds the request's id and secret. SameSite=Strict: no other site can
/// make the browser send it.
/// </summary>
internal static class LoginCookie
{
    public const string Name = "uplink_login";
    public const string Path = "/login";

    public static void Write(HttpResponse response, LoginTicket ticket, bool secure) =>
        response.Cookies.Append(Name, $"{ticket.Id}.{ticket.Secret}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = secure,
            Path = Path,
            IsEssential = true,
        });

    public static LoginTicket? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && value.Split('.') is [{ Length: LoginRequest.IdLength } id, { Length: > 0 } secret]
            ? new LoginTicket(id, secret)
            : null;

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name, new CookieOptions { Path = Path });
}
