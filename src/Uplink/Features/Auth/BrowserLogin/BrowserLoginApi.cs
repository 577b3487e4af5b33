using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

/// <summary>RFC 8628's answer while a login is not complete: <c>authorization_pending</c>, <c>slow_down</c>…</summary>
internal sealed record PollError(string Error, int Interval);

internal sealed record PollSuccess(string Redirect);

/// <summary>
/// What the <c>/login</c> page calls besides itself: the QR image, the event stream that tells the
/// outcome at once, and the polling fallback. All read the request from the browser's cookie only.
/// </summary>
internal static class BrowserLoginApi
{
    public static IEndpointRouteBuilder MapBrowserLogin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/login").WithTags("Auth").RequireRateLimiting(AuthExtensions.SignInPolicy).ExcludeFromDescription();
        group.MapGet("/qr.png", QrAsync);
        group.MapGet("/events", Events);
        group.MapPost("/poll", PollAsync);
        return app;
    }

    /// <summary>The t.me link that opens the bot on this request, or null while the bot is off.</summary>
    public static async Task<string?> BotLinkAsync(BotIdentity identity, IOptions<BotOptions> bot, string requestId, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(bot.Value.BotToken) ? null : await identity.DeepLinkAsync(BrowserLogin.StartPayloadPrefix + requestId, ct);

    private static async Task<Results<FileContentHttpResult, NotFound>> QrAsync(
        HttpRequest request, LoginRequests requests, BotIdentity identity, IOptions<BotOptions> bot, CancellationToken ct)
    {
        AuthApi.NoStore(request.HttpContext.Response);
        if (LoginCookie.Read(request) is not { } ticket || requests.StateOf(await requests.FindAsync(ticket, ct)) != LoginState.Pending ||
            await BotLinkAsync(identity, bot, ticket.Id, ct) is not { } link)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(QrImages.Png(link), "image/png");
    }

    private static ServerSentEventsResult<string> Events(HttpContext http, BrowserLogin logins, LoginSignals signals)
    {
        AuthApi.NoStore(http.Response);
        return TypedResults.ServerSentEvents(OutcomeAsync(http, logins, signals, http.RequestAborted));
    }

    /// <summary>One event, named after the outcome (approved, denied, expired, gone), as soon as there is one.</summary>
    private static async IAsyncEnumerable<SseItem<string>> OutcomeAsync(
        HttpContext http, BrowserLogin logins, LoginSignals signals, [EnumeratorCancellation] CancellationToken ct)
    {
        var id = LoginCookie.Read(http.Request)?.Id ?? "";
        while (!ct.IsCancellationRequested)
        {
            var state = await logins.StateAsync(http.Request, ct);
            if (state != LoginState.Pending)
            {
                var name = state.ToString().ToLowerInvariant();
                yield return new SseItem<string>(name, name);
                yield break;
            }

            await signals.WaitAsync(id, TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task<Results<Ok<PollSuccess>, BadRequest<PollError>>> PollAsync(
        HttpContext http, BrowserLogin logins, IOptions<AuthOptions> options, CancellationToken ct)
    {
        AuthApi.NoStore(http.Response);
        var interval = (int)options.Value.LoginPollInterval.TotalSeconds;
        var state = await logins.StateAsync(http.Request, ct);
        if (state == LoginState.Pending)
        {
            // RFC 8628 §3.5: a client told to slow down adds 5 seconds to its interval.
            return await logins.TryPollAsync(http.Request, ct)
                ? TypedResults.BadRequest(new PollError("authorization_pending", interval))
                : TypedResults.BadRequest(new PollError("slow_down", interval + 5));
        }

        if (state == LoginState.Approved && (await logins.CompleteAsync(http, ct)).Session is not null)
        {
            return TypedResults.Ok(new PollSuccess("/me"));
        }

        return TypedResults.BadRequest(new PollError(state switch
        {
            LoginState.Denied => "access_denied",
            LoginState.Expired => "expired_token",
            _ => "invalid_grant", // unknown or already used (RFC 6749 §5.2)
        }, interval));
    }
}
