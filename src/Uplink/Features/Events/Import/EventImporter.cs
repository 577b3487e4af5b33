using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Data;

namespace Uplink.Features.Events;

internal enum SyncOutcome
{
    /// <summary>Read and stored (possibly with some items skipped).</summary>
    Imported,

    /// <summary>The site has no events endpoint.</summary>
    NotFound,

    /// <summary>HTTP error, timeout, open circuit: the events stay as they were.</summary>
    Failed,

    /// <summary>The answer could not be read as a whole: the events stay as they were.</summary>
    Malformed,
}

internal sealed record SyncReport(
    SyncOutcome Outcome, string Source, int Added = 0, int Updated = 0, int Removed = 0, int Skipped = 0,
    string? Problem = null, IReadOnlyList<string>? SkipReasons = null);

/// <summary>
/// One sync: fetch the source, read it, and upsert its events by source and external id. Events
/// that vanish from the source are marked removed, never deleted: attendees still have them.
/// </summary>
internal sealed class EventImporter(
    EventSourceClient client, UplinkDbContext db, TimeProvider time, EventSignals signals, IOptions<EventsOptions> options)
{
    /// <summary>Host and path: the query string may carry an API key, and this is stored and shown.</summary>
    public static string SourceKey(Uri url)
    {
        var key = url.Authority + url.AbsolutePath;
        return key.Length <= 200 ? key : key[..200];
    }

    public async Task<SyncReport> ImportAsync(Uri url, CancellationToken ct)
    {
        var source = SourceKey(url);
        var fetched = await client.FetchAsync(url, ct);
        if (fetched.Status != FetchStatus.Ok)
        {
            return new SyncReport(fetched.Status == FetchStatus.NotFound ? SyncOutcome.NotFound : SyncOutcome.Failed, source,
                Problem: fetched.Problem);
        }

        var now = time.GetUtcNow();
        var zone = EventTimes.TryFindZone(options.Value.DefaultTimeZone, out var z) ? z : TimeZoneInfo.Utc;
        ParsedFeed feed;
        try
        {
            feed = EventFeed.Parse(fetched.Body!, fetched.MediaType, zone, now);
        }
        catch (FeedFormatException ex)
        {
            return new SyncReport(SyncOutcome.Malformed, source, Problem: ex.Message);
        }

        if (feed.Items.Count == 0 && feed.Skipped > 0)
        {
            // Every item unreadable means the site changed its format, not that every event was called off.
            return new SyncReport(SyncOutcome.Malformed, source, Skipped: feed.Skipped,
                Problem: $"none of the {feed.Skipped} item(s) could be read", SkipReasons: feed.Problems);
        }

        var (added, updated, removed, notable) = await UpsertAsync(source, feed.Items, now, ct);
        if (notable)
        {
            signals.WakeNotifier();
        }

        return new SyncReport(SyncOutcome.Imported, source, added, updated, removed, feed.Skipped, SkipReasons: feed.Problems);
    }

    private async Task<(int Added, int Updated, int Removed, bool Notable)> UpsertAsync(
        string source, IReadOnlyList<FeedItem> items, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.Events.Where(e => e.Source == source && e.ExternalId != null).ToDictionaryAsync(e => e.ExternalId!, ct);
        int added = 0, updated = 0, removed = 0;
        var notable = false;
        foreach (var item in items)
        {
            if (existing.Remove(item.ExternalId, out var known))
            {
                var change = EventService.Apply(known, item.Input, now);
                updated += change == EventChange.None ? 0 : 1;
                notable |= change == EventChange.Notable;
                continue;
            }

            var e = new Event { Title = item.Input.Title, TimeZone = item.Input.TimeZone, Source = source, ExternalId = item.ExternalId, CreatedAt = now };
            EventService.Apply(e, item.Input, now);
            e.Revision = 0; // new to us: nobody to tell about changes yet
            e.ChangedAt = null;
            db.Events.Add(e);
            added++;
        }

        // What is left vanished from the source. Sites often list only coming events, so past
        // events that drop off stay as they were; coming ones are called off for attendees.
        foreach (var gone in existing.Values.Where(e => e.Status != EventStatus.Removed && e.StartsAt > now))
        {
            EventService.Apply(gone, EventService.Input(gone) with { Status = EventStatus.Removed }, now);
            removed++;
            notable = true;
        }

        await db.SaveChangesAsync(ct);
        return (added, updated, removed, notable);
    }
}
