using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Events;
using Uplink.Tests.Features.Events;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Pages;

/// <summary>Search engines are told what to crawl and where every public page is.</summary>
[Collection(nameof(SqliteHost))]
public sealed class SeoTests(SqliteHost host)
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task Robots_txt_keeps_crawlers_off_private_pages_and_points_to_the_sitemap()
    {
        using var client = host.App.CreateClient();

        using var response = await client.GetAsync("/robots.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.TrimEntries);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Allow: /", lines);
        Assert.Contains("Disallow: /me", lines);
        Assert.Contains("Disallow: /auth/", lines);
        Assert.Contains("Disallow: /api/", lines);
        Assert.Contains($"Sitemap: {UplinkApp.PublicUrl}/sitemap.xml", lines);
    }

    [Fact]
    public async Task The_sitemap_lists_members_and_events_at_their_canonical_urls_but_not_removed_events()
    {
        var code = CodeIn(await host.Telegram.NewUser("Sitemapped", "en").SendAsync("/start"));
        using var client = host.App.CreateClient();
        var listed = await client.CreateEventAsync("Listed in the sitemap", TimeSpan.FromDays(20));
        var removed = await client.CreateEventAsync("Gone from its source", TimeSpan.FromDays(21));
        await host.App.QueryAsync(db => db.Events.Where(e => e.Id == removed)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EventStatus.Removed)));

        using var response = await client.GetAsync("/sitemap.xml");
        var urls = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements(Sitemap + "url")
            .ToDictionary(u => u.Element(Sitemap + "loc")!.Value, u => u.Element(Sitemap + "lastmod")?.Value);

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{UplinkApp.PublicUrl}/", urls.Keys);
        Assert.Contains($"{UplinkApp.PublicUrl}/events", urls.Keys);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", urls[$"{UplinkApp.PublicUrl}/u/{code}"]);
        Assert.NotNull(urls[$"{UplinkApp.PublicUrl}/events/{listed}"]);
        Assert.DoesNotContain($"{UplinkApp.PublicUrl}/events/{removed}", urls.Keys);
    }
}
