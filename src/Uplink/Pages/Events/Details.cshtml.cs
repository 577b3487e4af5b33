using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Uplink.Features.Events;
using Uplink.Infrastructure.Web;

namespace Uplink.Pages.Events;

/// <summary><c>/events/{id}</c>: one event, for people and search engines (Open Graph, schema.org Event).</summary>
internal sealed class DetailsModel(
    EventService events, EventUrls urls, IOptions<SiteOptions> site, Bot.BotIdentity identity, PageTexts texts) : PageModel
{
    public EventView View { get; private set; } = null!;

    public Event Item => View.Event;

    public string CommunityName => site.Value.Name;

    public string Title => $"{Item.Title} · {CommunityName}";

    public string When => EventTimes.Describe(Item.StartsAt, Item.EndsAt, Item.TimeZone, texts.Texts);

    public string Description => Item.Description is { Length: > 0 } d
        ? Shorten(d.ReplaceLineEndings(" "), 160)
        : Shorten(texts["Page.Event.Description", When + (Item.Place is { } p ? " · " + p : ""), CommunityName], 160);

    public string CanonicalUrl => urls.Page(Item.Id);

    public string IcsUrl => urls.Ics(Item.Id);

    public string ListUrl => urls.List;

    /// <summary>Known once the bot has started; people RSVP there.</summary>
    public string? BotLink => identity.Link;

    public string Iso(DateTimeOffset utc) => EventTimes.InZone(utc, EventTimes.ZoneOf(Item)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>schema.org Event; the encoder escapes &lt; and &gt;, so no event text can close the script.</summary>
    public string JsonLd => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "Event",
        ["name"] = Item.Title,
        ["description"] = Item.Description,
        ["startDate"] = Iso(Item.StartsAt),
        ["endDate"] = Item.EndsAt is { } end ? Iso(end) : null,
        ["eventStatus"] = Item.Status == EventStatus.Scheduled ? "https://schema.org/EventScheduled" : "https://schema.org/EventCancelled",
        ["eventAttendanceMode"] = Item.Place is null && Item.Link is not null
            ? "https://schema.org/OnlineEventAttendanceMode"
            : "https://schema.org/OfflineEventAttendanceMode",
        ["location"] = Item.Place is { } place
            ? new Dictionary<string, object?> { ["@type"] = "Place", ["name"] = place, ["address"] = place }
            : Item.Link is { } link ? new Dictionary<string, object?> { ["@type"] = "VirtualLocation", ["url"] = link } : null,
        ["image"] = Item.ImageUrl is { } image ? new[] { image } : null,
        ["url"] = CanonicalUrl,
        ["organizer"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = CommunityName, ["url"] = urls.Home },
    }, JsonLdOptions);

    private static readonly JsonSerializerOptions JsonLdOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await events.FindAsync(id, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
