using Microsoft.AspNetCore.Http.HttpResults;
using Uplink.Features.Members;

namespace Uplink.Features.Photos;

internal static class PhotosApi
{
    public static IServiceCollection AddPhotos(this IServiceCollection services) =>
        services.AddSingleton<TelegramPhotos>();

    /// <summary><c>/u/{code}/photo</c>: a member's public photo, served by Uplink itself.</summary>
    public static RouteHandlerBuilder MapPhotos(this IEndpointRouteBuilder app) =>
        app.MapGet("/u/{referralCode}/photo", GetPhotoAsync)
            .WithName("GetProfilePhoto")
            .WithSummary("A member's public profile photo (JPEG)")
            .WithTags("Members");

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetPhotoAsync(
        string referralCode, MemberDirectory members, TelegramPhotos photos, HttpContext http, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(referralCode, out var code) ||
            await members.FindByCodeAsync(code, ct) is not { } member ||
            !member.Shows(PublicFields.Photo) ||
            await photos.GetLocalCopyAsync(member, ct) is not { } path)
        {
            return TypedResults.NotFound();
        }

        // The URL carries the photo's version (?v=), so a long cache lifetime is safe.
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.PhysicalFile(path, "image/jpeg");
    }
}
