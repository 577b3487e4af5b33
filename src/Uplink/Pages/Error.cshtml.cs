using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Uplink.Pages;

/// <summary>
/// The site's error page, rendered by the status-code-pages middleware with the original status.
/// A failed POST (a 429 on /login/poll) is re-executed as a POST: it gets the page too, not an
/// antiforgery 400 that would hide the status.
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel(PageTexts texts) : PageModel
{
    public int Status { get; private set; }

    public string Heading => texts[Status == 404 ? "Page.Error.NotFound.Heading" : "Page.Error.Heading"];

    public string Message => texts[Status == 404 ? "Page.Error.NotFound.Message" : "Page.Error.Message"];

    public void OnGet(int status) => Status = status;

    public void OnPost(int status) => Status = status;
}
