using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Uplink.Bot;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

internal static class MembersApi
{
    public static IServiceCollection AddMembers(this IServiceCollection services) => services
        .AddScoped<MemberDirectory>()
        .AddSingleton<ProfileCache>()
        .AddScoped<ProfileReader>()
        .AddScoped<ProfileEditor>()
        .AddScoped<MemberActivity>()
        .AddSingleton<TelegramProfiles>()
        .AddScoped<TelegramRefresh>()
        .AddSingleton<IReferralCodeGenerator, RandomReferralCodes>()
        .AddScoped<Registrar>()
        .AddSingleton<IChatBlockedHandler, UnreachableMembers>()
        .AddBotCommand<StartCommand>("/start")
        .AddBotCommand<ProfileCommand>("/profile")
        .ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MembersJson.Default))
        .AddProfilePageCache();

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
        ClaimsPrincipal user, ProfileReader profiles, CancellationToken ct) =>
        user.MemberId() is { } id && await profiles.GetPrivateProfileAsync(id, ct) is { } profile
            ? TypedResults.Ok(profile)
            : MemberGone();

    private static async Task<Results<Ok<PrivateProfileDto>, ValidationProblem, ProblemHttpResult>> UpdateMeAsync(
        UpdateProfileRequest request, ClaimsPrincipal user, MemberDirectory members, ProfileEditor editor, ProfileReader profiles,
        CancellationToken ct)
    {
        if (ProfileEditor.Validate(request) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await FindCurrentAsync(user, members, ct) is not { } member)
        {
            return MemberGone();
        }

        await editor.UpdateAsync(member, request, ct);
        return TypedResults.Ok(await profiles.FreshPrivateProfileAsync(member, ct));
    }

    private static async Task<Member?> FindCurrentAsync(ClaimsPrincipal user, MemberDirectory members, CancellationToken ct) =>
        user.MemberId() is { } id ? await members.FindByIdAsync(id, ct) : null;

    private static ProblemHttpResult MemberGone() =>
        TypedResults.Problem(title: "The member no longer exists", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<PublicProfileDto>, ProblemHttpResult>> GetPublicProfileAsync(
        string referralCode, ProfileReader profiles, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(referralCode, out var code))
        {
            return TypedResults.Problem(
                title: "Malformed referral code",
                detail: $"Referral codes look like {ReferralCode.Prefix}ABC123.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        return await profiles.GetPublicProfileAsync(code, ct) is { } profile
            ? TypedResults.Ok(profile)
            : TypedResults.Problem(title: "No member has this referral code", statusCode: StatusCodes.Status404NotFound);
    }
}
