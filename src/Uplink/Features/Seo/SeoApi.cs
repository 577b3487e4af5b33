using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Events;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;

namespace Uplink.Features.Seo;

/// <summary>
/// <c>/robots.txt</c> and <c>/sitemap.xml</c>: what search engines may crawl, and every public page
/// to crawl — the members' profiles and the events, with when each last changed.
/// </summary>
internal static class SeoApi
{
    /// <summary>The sitemap protocol's bound on one file (sitemaps.org); beyond it a sitemap index would split the list.</summary>
    public const int MaxSitemapUrls = 50_000;

    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSeo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", Robots).ExcludeFromDescription();
        app.MapGet("/sitemap.xml", SitemapAsync).ExcludeFromDescription();
        return app;
    }

    // Private pages, the login callback (its links carry one-time codes) and the JSON API are no search results.
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Robots(SiteUrls urls) => TypedResults.Text($"""
        User-agent: *
        Allow: /
        Disallow: /me
        Disallow: /auth/
        Disallow: /api/

        Sitemap: {urls.Absolute("/sitemap.xml")}

        """, "text/plain", Encoding.UTF8);

    /// <summary>Streamed row by row, so a large community costs no memory; events first, as they change most.</summary>
    private static async Task SitemapAsync(HttpContext http, UplinkDbContext db, SiteUrls site, EventUrls events, CancellationToken ct)
    {
        http.Response.ContentType = "application/xml; charset=utf-8";
        await using var xml = XmlWriter.Create(http.Response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "urlset", SitemapNamespace);
        await WriteUrlAsync(xml, site.Home, null);
        await WriteUrlAsync(xml, events.List, null);
        var left = MaxSitemapUrls - 2;

        // Removed events keep a page for those who RSVP'd, but it only says the event is gone.
        var listed = db.Events.AsNoTracking().Where(e => e.Status != EventStatus.Removed)
            .OrderByDescending(e => e.Id).Take(left).Select(e => new { e.Id, e.UpdatedAt });
        await foreach (var e in listed.AsAsyncEnumerable().WithCancellation(ct))
        {
            await WriteUrlAsync(xml, events.Page(e.Id), e.UpdatedAt);
            left--;
        }

        // Every member has a public page (/u/{code} answers for each; the fields shown are the member's choice).
        var members = db.Members.AsNoTracking().OrderBy(m => m.Id).Take(left).Select(m => new { m.ReferralCode, m.UpdatedAt });
        await foreach (var m in members.AsAsyncEnumerable().WithCancellation(ct))
        {
            await WriteUrlAsync(xml, site.Profile(m.ReferralCode), m.UpdatedAt);
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static async Task WriteUrlAsync(XmlWriter xml, string location, DateTimeOffset? modified)
    {
        await xml.WriteStartElementAsync(null, "url", SitemapNamespace);
        await xml.WriteElementStringAsync(null, "loc", SitemapNamespace, location);
        if (modified is { } at)
        {
            await xml.WriteElementStringAsync(null, "lastmod", SitemapNamespace,
                at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        await xml.WriteEndElementAsync();
    }
}
