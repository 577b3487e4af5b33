using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Features.Members;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Members;

/// <summary><c>/u/{code}</c>: a member's public profile, made for people and search engines alike.</summary>
[OutputCache(PolicyName = ProfilePageCache.Policy)]
internal sealed class ProfileModel(ProfileReader profiles, SiteUrls urls, IOptions<SiteOptions> site, PageTexts texts) : PageModel
{
    public PublicProfileDto? Profile { get; private set; }

    public string CommunityName => site.Value.Name;

    public string Title => $"{Profile!.DisplayName} · {CommunityName}";

    public string Description => Profile!.Bio is { Length: > 0 } bio
        ? Shorten(bio, 160)
        : texts["Page.Profile.Description", Profile.DisplayName, CommunityName];

    /// <summary>schema.org ProfilePage; the default encoder escapes &lt; and &gt;, so no member text can close the script.</summary>
    public string JsonLd => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ProfilePage",
        ["url"] = Profile!.ProfileUrl,
        ["dateCreated"] = Profile.MemberSince.ToString("O"),
        ["mainEntity"] = new Dictionary<string, object?>
        {
            ["@type"] = "Person",
            ["name"] = Profile.DisplayName,
            ["alternateName"] = Profile.Username is { } u ? "@" + u : null,
            ["description"] = Profile.Bio,
            ["image"] = Profile.PhotoUrl,
            ["identifier"] = Profile.ReferralCode,
            ["url"] = Profile.ProfileUrl,
        },
    }, JsonLdOptions);

    // Non-ASCII names stay readable; <, >, & and quotes are still escaped as \u003C etc.
    private static readonly JsonSerializerOptions JsonLdOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!ReferralCode.TryNormalize(code, out var normalized))
        {
            return NotFound();
        }

        if (normalized != code)
        {
            // One URL per profile: /u/up-abc123 and /u/UP-ABC123 are the same page to a search engine.
            return RedirectPermanent(urls.Profile(normalized));
        }

        Profile = await profiles.GetPublicProfileAsync(normalized, ct);
        return Profile is null ? NotFound() : Page();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
