using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Uplink.Bot;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Auth;

internal static class AuthApi
{
    public static IServiceCollection AddAuthFeature(this IServiceCollection services) => services
        .AddScoped<AccessCodeStore>()
        .AddScoped<WebSessions>()
        .AddScoped<ISessionValidator>(sp => sp.GetRequiredService<WebSessions>())
        .AddScoped<SignIn>()
        .AddScoped<CodeLogin>()
        .AddScoped<LoginRequests>()
        .AddScoped<BrowserLogin>()
        .AddSingleton<LoginSignals>()
        .AddScoped<IStartPayloadHandler, LoginStartPayload>()
        .AddScoped<TelegramSignIn>()
        .AddSingleton<LoginNotifier>()
        .AddHostedService<LoginNoticeSender>()
        .AddHostedService<AccessCodePurger>()
        .AddBotCommand<QrCommand>("/qr")
        .AddBotCommand<LogoutAllCommand>("/logout_all")
        .AddBotCommand<EndSessionCommand>(EndSessionCommand.Name, listed: false)
        .AddBotCommand<LoginPickCommand>(LoginPickCommand.Name, listed: false);

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/callback", RedeemAsync)
            .RequireRateLimiting(AuthExtensions.RedeemPolicy)
            .WithName("RedeemAccessCode")
            .WithSummary("Exchanges a one-time access code for a JWT");
        group.MapPost("/logout", LogoutAsync)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("Ends the session of the presented token");
        group.MapMiniApp();
        app.MapBrowserLogin();

        // Without a configured key the service endpoint does not exist at all.
        if (!string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.ServiceApiKey))
        {
            group.MapGroup("/code").RequireAuthorization(AuthPolicies.Service)
                .MapPost("/generate", GenerateAsync)
                .WithName("GenerateAccessCode")
                .WithSummary("Issues an access code for a member (trusted services, X-Api-Key)");
        }

        return group;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RedeemAsync(
        RedeemRequest request, CodeLogin logins, HttpContext http, CancellationToken ct)
    {
        NoStore(http.Response);
        var login = await logins.LoginAsync(request.Code, http, SessionDelivery.Token, ct);
        return login is { Outcome: RedeemOutcome.Redeemed, Token: { } token, Profile: { } profile }
            ? TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, profile))
            : CodeProblem(login.Outcome);
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http, WebSessions sessions, CancellationToken ct)
    {
        if (http.User.MemberId() is { } member && http.User.SessionId() is { } session)
        {
            await sessions.EndAsync(member, session, ct);
        }

        SessionCookie.Delete(http.Response);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<GeneratedCodeResponse>, ProblemHttpResult>> GenerateAsync(
        GenerateCodeRequest request, HttpContext http, AccessCodeStore codes, SiteUrls urls, CancellationToken ct)
    {
        if (request.UserId is not { } telegramUserId)
        {
            return TypedResults.Problem(title: "user_id is required", detail: "The member's Telegram user id.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        // Finding the member and issuing their code are one round trip.
        if (await codes.IssueForTelegramUserAsync(telegramUserId, ct) is not { } issued)
        {
            return TypedResults.Problem(title: "No member has this Telegram user id", statusCode: StatusCodes.Status404NotFound);
        }

        NoStore(http.Response);
        return TypedResults.Ok(new GeneratedCodeResponse(issued.Code, urls.LoginLink(issued.Code), issued.ExpiresAt));
    }

    /// <summary>The same answer for unknown, used and expired codes: no oracle.</summary>
    public static ProblemHttpResult CodeProblem(RedeemOutcome outcome) => outcome == RedeemOutcome.Unavailable
        ? TypedResults.Problem(title: "Login is unavailable right now", detail: "Please try again in a moment.",
            statusCode: StatusCodes.Status503ServiceUnavailable)
        : TypedResults.Problem(title: "Invalid or expired code",
            detail: "This login code is unknown, already used or expired. Ask the bot for a new QR code.",
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// Never stored by a browser or a proxy. Antiforgery's own value, so that pages with a form keep it
    /// (antiforgery logs a warning and overwrites any other).
    /// </summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
