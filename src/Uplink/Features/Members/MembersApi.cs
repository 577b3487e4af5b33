using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

internal static class MembersApi
{
    public static IServiceCollection AddMembers(this IServiceCollection services) => services
        .AddScoped<MemberService>()
        .AddSingleton<IChatBlockedHandler, UnreachableMembers>()
        .AddBotCommand<StartCommand>("/start")
        .AddBotCommand<ProfileCommand>("/profile");

    public static RouteGroupBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Members");
        group.MapGet("/me", GetMeAsync)
            .RequireAuthorization()
            .WithName("GetMyProfile")
            .WithSummary("The private profile of the token's member");
        group.MapPatch("/me", UpdateMeAsync)
            .RequireAuthorization()
            .WithName("UpdateMyProfile")
            .WithSummary("Edits the bio and which optional fields are public");
        group.MapGet("/{referralCode}", GetPublicProfileAsync)
            .WithName("GetPublicProfile")
            .WithSummary("A member's public profile, by referral code");
        return group;
    }

    private static async Task<Results<Ok<PrivateProfileDto>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal user, MemberService members, CancellationToken ct) =>
        user.MemberId() is { } id && await members.GetPrivateProfileAsync(id, ct) is { } profile
            ? TypedResults.Ok(profile)
            : MemberGone();

    private static async Task<Results<Ok<PrivateProfileDto>, ValidationProblem, ProblemHttpResult>> UpdateMeAsync(
        UpdateProfileRequest request, ClaimsPrincipal user, MemberService members, SiteUrls urls, CancellationToken ct)
    {
        if (MemberService.Validate(request) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await FindCurrentAsync(user, members, ct) is not { } member)
        {
            return MemberGone();
        }

        await members.UpdateProfileAsync(member, request, ct);
        return TypedResults.Ok(member.AsPrivateDto(await members.CountReferralsAsync(member.Id, ct), urls));
    }

    private static async Task<Member?> FindCurrentAsync(ClaimsPrincipal user, MemberService members, CancellationToken ct) =>
        user.MemberId() is { } id ? await members.FindByIdAsync(id, ct) : null;

    private static ProblemHttpResult MemberGone() =>
        TypedResults.Problem(title: "The member no longer exists", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<PublicProfileDto>, ProblemHttpResult>> GetPublicProfileAsync(
        string referralCode, MemberService members, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(referralCode, out var code))
        {
            return TypedResults.Problem(
                title: "Malformed referral code",
                detail: $"Referral codes look like {ReferralCode.Prefix}ABC123.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        return await members.GetPublicProfileAsync(code, ct) is { } profile
            ? TypedResults.Ok(profile)
            : TypedResults.Problem(title: "No member has this referral code", statusCode: StatusCodes.Status404NotFound);
    }
}
