using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Uplink.Infrastructure.Auth;

namespace Uplink.Features.Auth;

internal sealed record MiniAppSignInRequest(string? InitData);

/// <summary>
/// <c>POST /api/auth/webapp</c>: the site opened inside Telegram as a Mini App signs in with the raw
/// <c>initData</c> Telegram gave it, and gets the same answer as a code's redemption.
/// </summary>
internal static class MiniAppApi
{
    public static RouteGroupBuilder MapMiniApp(this RouteGroupBuilder group)
    {
        group.MapPost("/webapp", SignInAsync)
            .RequireRateLimiting(AuthExtensions.SignInPolicy)
            .WithName("SignInFromMiniApp")
            .WithSummary("Exchanges a Telegram Mini App's initData for a JWT");
        return group;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(
        MiniAppSignInRequest request, TelegramSignIn telegram, HttpContext http, CancellationToken ct)
    {
        AuthApi.NoStore(http.Response);
        var fields = Parse(request.InitData);
        var check = telegram.CheckMiniApp(fields);
        if (check != TelegramCheck.Valid || ReadUser(fields) is not { } user)
        {
            return check == TelegramCheck.Unavailable
                ? TypedResults.Problem(title: "The bot is off", statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Problem(title: "Invalid initData",
                    detail: check == TelegramCheck.Stale ? "initData is too old; reopen the Mini App." : "initData is not signed for this bot.",
                    statusCode: StatusCodes.Status401Unauthorized);
        }

        return await telegram.SignInAsync(user, SignInMethod.MiniApp, http, SessionDelivery.Token, ct) is { } session
            ? TypedResults.Ok(new TokenResponse(session.Token.AccessToken, "Bearer", session.Token.ExpiresIn, session.Profile))
            : TypedResults.Problem(title: "The member no longer exists", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>initData is a query string; a key given twice is not something Telegram sends, so it fails the check.</summary>
    private static Dictionary<string, string> Parse(string? initData) =>
        QueryHelpers.ParseQuery(initData).ToDictionary(p => p.Key, p => p.Value.Count == 1 ? p.Value[0]! : "", StringComparer.Ordinal);

    /// <summary>The <c>user</c> field: JSON with id, first_name, last_name, username, language_code.</summary>
    private static TelegramIdentity? ReadUser(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("user", out var json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return root.TryGetProperty("id", out var id) && id.TryGetInt64(out var userId) && userId > 0 &&
                   root.TryGetProperty("first_name", out var first) && first.GetString() is { Length: > 0 } firstName
                ? new TelegramIdentity(userId, firstName, Text(root, "last_name"), Text(root, "username"), Text(root, "language_code"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
