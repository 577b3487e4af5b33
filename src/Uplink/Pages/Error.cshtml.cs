using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Uplink.Pages;

/// <summary>
/// The site's error page, rendered by the status-code-pages middleware with the original status.
/// A failed POST (a 429 on /login/poll) is re-executed as a POST: it gets the page too, not an
/// antiforgery 400 that would hide the status.
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string Heading => Status == 404 ? "Page not found" : "Something went wrong";

    public string Message => Status == 404
        ? "There is no page here. If someone shared a profile link with you, check the code: codes look like UP-ABC123."
        : "Please try again in a moment.";

    public void OnGet(int status) => Status = status;

    public void OnPost(int status) => Status = status;
}
