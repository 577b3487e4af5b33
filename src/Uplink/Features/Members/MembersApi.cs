using Microsoft.AspNetCore.Http.HttpResults;
using Uplink.Bot;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

internal static class MembersApi
{
    public static IServiceCollection AddMembers(this IServiceCollection services) => services
        .AddScoped<MemberService>()
        .AddSingleton<IChatBlockedHandler, UnreachableMembers>()
        .AddBotCommand<StartCommand>("/start", "Join and open the main menu", "Регистрация и главное меню")
        .AddBotCommand<ProfileCommand>("/profile", "Your profile, or /profile UP-XXXXXX for a member's",
            "Ваш профиль или /profile UP-XXXXXX — профиль участника");

    public static RouteGroupBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Members");
        group.MapGet("/{referralCode}", GetPublicProfileAsync)
            .WithName("GetPublicProfile")
            .WithSummary("A member's public profile, by referral code");
        return group;
    }

    private static async Task<Results<Ok<PublicProfileDto>, ProblemHttpResult>> GetPublicProfileAsync(
        string referralCode, MemberService members, SiteUrls urls, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(referralCode, out var code))
        {
            return TypedResults.Problem(
                title: "Malformed referral code",
                detail: $"Referral codes look like {ReferralCode.Prefix}ABC123.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        return await members.FindByCodeAsync(code, ct) is { } member
            ? TypedResults.Ok(member.AsPublicDto(urls))
            : TypedResults.Problem(title: "No member has this referral code", statusCode: StatusCodes.Status404NotFound);
    }
}
