using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Features.Auth;
using Uplink.Features.Members;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Me;

/// <summary><c>/me</c>: the logged-in member's private profile, the edit form and log out.</summary>
internal sealed class IndexModel(
    MemberDirectory members, ProfileReader profiles, ProfileEditor editor, WebSessions sessions, IOptions<SiteOptions> site)
    : PageModel
{
    public PrivateProfileDto? Profile { get; private set; }

    public bool Saved { get; private set; }

    public string? Error { get; private set; }

    public string CommunityName => site.Value.Name;

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(
        string? bio, bool showLastName, bool showUsername, bool showBio, bool showPhoto, bool showReferralCount, CancellationToken ct)
    {
        AuthApi.NoStore(Response);
        if (await CurrentAsync(ct) is not { } member)
        {
            return Page();
        }

        var request = new UpdateProfileRequest(bio ?? "", new VisibilityPatch(showLastName, showUsername, showBio, showPhoto, showReferralCount));
        if (ProfileEditor.Validate(request) is { Count: > 0 } errors)
        {
            Error = errors.Values.First()[0];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        await editor.UpdateAsync(member, request, ct);
        return RedirectToPage(new { saved = true });
    }

    public async Task<IActionResult> OnPostLogoutAsync(CancellationToken ct)
    {
        if (User.MemberId() is { } member && User.SessionId() is { } session)
        {
            await sessions.EndAsync(member, session, ct);
        }

        SessionCookie.Delete(Response);
        return LocalRedirect("/");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (await CurrentAsync(ct) is { } member)
        {
            Profile = await profiles.FreshPrivateProfileAsync(member, ct);
        }
    }

    private async Task<Member?> CurrentAsync(CancellationToken ct) =>
        User.MemberId() is { } id ? await members.FindByIdAsync(id, ct) : null;
}
