using Uplink.Infrastructure.Web;

namespace Uplink.Features.Auth;

/// <summary>The state a browser's login ended in, and the session it opened when approved.</summary>
internal sealed record Completion(LoginState State, SignedIn? Session = null);

/// <summary>
/// The browser side of a login started on <c>/login</c>: starting (or resuming) the request the
/// browser's cookie names, and completing it once the member approved it in the bot.
/// </summary>
internal sealed class BrowserLogin(LoginRequests requests, SignIn signIn, SiteUrls urls)
{
    public const string StartPayloadPrefix = "login_";

    /// <summary>The browser's pending request, or a new one (its cookie set) when it has none that still waits.</summary>
    public async Task<StartedLogin> StartOrResumeAsync(HttpContext http, CancellationToken ct)
    {
        if (LoginCookie.Read(http.Request) is { } ticket && await requests.FindAsync(ticket, ct) is { } request &&
            requests.StateOf(request) == LoginState.Pending)
        {
            return new StartedLogin(ticket, request.MatchCode, request.ExpiresAt);
        }

        var started = await requests.StartAsync(
            http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(), ct);
        LoginCookie.Write(http.Response, started.Ticket, secure: http.Request.IsHttps || urls.IsHttps);
        return started;
    }

    /// <summary>The state of the browser's request, read again from the database.</summary>
    public async Task<LoginState> StateAsync(HttpRequest request, CancellationToken ct) =>
        LoginCookie.Read(request) is { } ticket ? requests.StateOf(await requests.FindAsync(ticket, ct)) : LoginState.Gone;

    /// <summary>Signs the browser in (session cookie) when its request was approved; spends the request.</summary>
    public async Task<Completion> CompleteAsync(HttpContext http, CancellationToken ct)
    {
        var request = LoginCookie.Read(http.Request) is { } ticket ? await requests.FindAsync(ticket, ct) : null;
        var state = requests.StateOf(request);
        if (state != LoginState.Approved)
        {
            return new Completion(state);
        }

        if (await requests.UseAsync(request!, ct) is not { } memberId ||
            await signIn.SignInAsync(memberId, SignInMethod.BrowserRequest, http, SessionDelivery.Cookie, ct) is not { } session)
        {
            return new Completion(LoginState.Gone);
        }

        LoginCookie.Delete(http.Response);
        return new Completion(LoginState.Approved, session);
    }

    /// <summary>Decides whether a poll may be answered now (RFC 8628 <c>slow_down</c> otherwise).</summary>
    public Task<bool> TryPollAsync(HttpRequest request, CancellationToken ct) =>
        LoginCookie.Read(request) is { } ticket ? requests.TryPollAsync(ticket.Id, ct) : Task.FromResult(true);
}
