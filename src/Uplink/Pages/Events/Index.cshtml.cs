using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Features.Events;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Events;

/// <summary><c>/events</c>: coming events, a page at a time, with the calendar feed to subscribe to.</summary>
internal sealed class IndexModel(EventService events, EventUrls urls, IOptions<SiteOptions> site, PageTexts texts) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<EventView> Items { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public int Total { get; private set; }

    public string CommunityName => site.Value.Name;

    public string Title => PageNumber > 1 ? texts["Page.Events.TitlePaged", PageNumber, CommunityName] : texts["Page.Events.Title", CommunityName];

    public string Description => Total == 0
        ? texts["Page.Events.DescriptionNone", CommunityName]
        : texts["Page.Events.Description", Total, CommunityName];

    public string CanonicalUrl => PageNumber > 1 ? $"{urls.List}?page={PageNumber}" : urls.List;

    public string FeedUrl => urls.Feed;

    /// <summary>webcal:// makes calendar apps offer to subscribe rather than download once.</summary>
    public string WebcalUrl => "webcal://" + urls.Feed[(urls.Feed.IndexOf("://", StringComparison.Ordinal) + 3)..];

    public string When(Event e) => EventTimes.Describe(e.StartsAt, e.EndsAt, e.TimeZone, texts.Texts);

    public static string Iso(DateTimeOffset utc, Event e) => EventTimes.InZone(utc, EventTimes.ZoneOf(e)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        PageNumber = page ?? 1;
        if (PageNumber < 1 || PageNumber > 100_000)
        {
            return NotFound();
        }

        (Items, Total) = await events.UpcomingAsync(PageNumber, PageSize, ct);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        return PageNumber > PageCount ? NotFound() : Page();
    }
}
