using System.Text.Json;
using System.Text.Json.Serialization;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Members;

/// <summary>What anyone may see of a member: only what the member made public.</summary>
internal sealed record PublicProfileDto(
    string DisplayName,
    string? Username,
    string? Bio,
    string? PhotoUrl,
    string ReferralCode,
    DateTimeOffset MemberSince,
    string ProfileUrl,
    int? ReferralCount = null);

/// <summary>What the member sees of themselves.</summary>
internal sealed record PrivateProfileDto(
    long Id,
    long TelegramUserId,
    string FirstName,
    string? LastName,
    string? Username,
    string? LanguageCode,
    string? Bio,
    string? PhotoUrl,
    string ReferralCode,
    ReferrerDto? Referrer,
    int ReferralCount,
    VisibilityDto PublicFields,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string ProfileUrl);

internal sealed record ReferrerDto(string DisplayName, string ReferralCode);

internal sealed record VisibilityDto(bool LastName, bool Username, bool Bio, bool Photo, bool ReferralCount);

/// <summary>PATCH /api/users/me: absent fields stay as they are; an empty bio clears it.</summary>
internal sealed record UpdateProfileRequest(string? Bio, VisibilityPatch? PublicFields);

internal sealed record VisibilityPatch(bool? LastName, bool? Username, bool? Bio, bool? Photo, bool? ReferralCount = null);

internal static class MemberDtoExtensions
{
    /// <param name="referralCount">Shown only when the member made it public.</param>
    public static PublicProfileDto AsPublicDto(this Member member, SiteUrls urls, int? referralCount = null) => new(
        member.PublicName,
        member.Shows(PublicFields.Username) ? member.Username : null,
        member.Shows(PublicFields.Bio) ? member.Bio : null,
        member.Shows(PublicFields.Photo) ? member.PhotoUrl(urls) : null,
        member.ReferralCode,
        member.CreatedAt,
        urls.Profile(member.ReferralCode),
        member.Shows(PublicFields.ReferralCount) ? referralCount : null);

    public static PrivateProfileDto AsPrivateDto(this Member member, int referralCount, SiteUrls urls) => new(
        member.Id,
        member.TelegramUserId,
        member.FirstName,
        member.LastName,
        member.Username,
        member.LanguageCode,
        member.Bio,
        // The photo endpoint serves public photos only, so a private URL would be a dead link.
        member.Shows(PublicFields.Photo) ? member.PhotoUrl(urls) : null,
        member.ReferralCode,
        member.Referrer is { } r ? new ReferrerDto(r.PublicName, r.ReferralCode) : null,
        referralCount,
        new VisibilityDto(
            member.Shows(PublicFields.LastName),
            member.Shows(PublicFields.Username),
            member.Shows(PublicFields.Bio),
            member.Shows(PublicFields.Photo),
            member.Shows(PublicFields.ReferralCount)),
        member.CreatedAt,
        member.UpdatedAt,
        urls.Profile(member.ReferralCode));

    private static string? PhotoUrl(this Member member, SiteUrls urls) =>
        member.PhotoFileUniqueId is { } version ? urls.ProfilePhoto(member.ReferralCode, version) : null;
}

/// <summary>
/// Serialisation code for the profile DTOs, generated at build time: <c>/api/users/me</c> and the public
/// profile are the busiest answers, and reflection-based metadata would be built (and its accessors
/// JIT-compiled) on the first requests after every start. Same naming as the API's options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PrivateProfileDto))]
[JsonSerializable(typeof(PublicProfileDto))]
[JsonSerializable(typeof(UpdateProfileRequest))]
internal sealed partial class MembersJson : JsonSerializerContext;
