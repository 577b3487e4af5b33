using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Uplink.Features.Events;

/// <summary>One event read from a source, keyed by its id there.</summary>
internal sealed record FeedItem(string ExternalId, EventInput Input);

/// <summary>What a source's answer held: the events that could be read, and how many could not.</summary>
internal sealed record ParsedFeed(IReadOnlyList<FeedItem> Items, int Skipped, IReadOnlyList<string> Problems);

/// <summary>The answer as a whole is unreadable (not JSON, not iCalendar, no list of events).</summary>
internal sealed class FeedFormatException(string message) : Exception(message);

/// <summary>Reads a source's answer: iCalendar when it says so (or looks like it), JSON otherwise.</summary>
internal static partial class EventFeed
{
    private const int MaxProblems = 5;

    public static ParsedFeed Parse(string body, string? mediaType, TimeZoneInfo defaultZone, DateTimeOffset now)
    {
        var text = body.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var calendar = string.Equals(mediaType, "text/calendar", StringComparison.OrdinalIgnoreCase) ||
                       text.StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase);
        return calendar ? ICalEventFeed.Parse(text, defaultZone, now) : JsonEventFeed.Parse(text, defaultZone);
    }

    /// <summary>Collects items, drops repeated ids, counts and describes what was skipped.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<string, FeedItem> _items = new(StringComparer.Ordinal);
        private readonly List<string> _problems = [];
        private int _skipped;

        public void Add(FeedItem item)
        {
            if (!_items.TryAdd(item.ExternalId, item))
            {
                Skip($"id {item.ExternalId} repeated");
            }
        }

        public void Skip(string problem)
        {
            _skipped++;
            if (_problems.Count < MaxProblems)
            {
                _problems.Add(problem);
            }
        }

        public ParsedFeed Build() => new([.. _items.Values], _skipped, _problems);
    }

    /// <summary>
    /// Builds the event from what was read, or says why it cannot be one. Only a missing title or
    /// start makes an item unreadable; over-long texts are clipped and bad links dropped.
    /// </summary>
    public static (FeedItem? Item, string? Problem) Item(
        string? id, string? title, DateTimeOffset? startsAt, DateTimeOffset? endsAt, TimeZoneInfo zone,
        string? place, string? description, string? link, string? image, bool cancelled)
    {
        var cleanTitle = Clean(title, Event.MaxTitleLength, multiline: false);
        if (cleanTitle is null)
        {
            return (null, "no title");
        }

        if (startsAt is not { } start)
        {
            return (null, $"\"{Shorten(cleanTitle)}\" has no readable start");
        }

        if (!EventTimes.IsInRange(start))
        {
            return (null, $"\"{Shorten(cleanTitle)}\" starts outside the years {EventTimes.Earliest.Year}–{EventTimes.Latest.Year - 1}");
        }

        var end = endsAt is { } e && e > start && EventTimes.IsInRange(e) ? e : (DateTimeOffset?)null;
        var externalId = Clean(id, 200, multiline: false) ?? Hash(cleanTitle, start);
        var input = new EventInput(
            cleanTitle, start, end, zone.Id,
            Clean(place, Event.MaxPlaceLength, multiline: false),
            Clean(LooksLikeHtml(description) ? FromHtml(description!) : description, Event.MaxDescriptionLength, multiline: true),
            EventRules.Url(link).Value,
            EventRules.Url(image).Value,
            cancelled ? EventStatus.Cancelled : EventStatus.Scheduled);
        return (new FeedItem(externalId, input), null);
    }

    public static bool IsCancelled(string? status) =>
        status?.Trim().ToUpperInvariant() is "CANCELLED" or "CANCELED" or "CANCEL";

    /// <summary>Control characters become spaces (newlines stay in multi-line text); long text is clipped.</summary>
    private static string? Clean(string? text, int max, bool multiline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var chars = text.Trim().ReplaceLineEndings("\n")
            .Select(c => char.IsControl(c) && !(multiline && c == '\n') ? ' ' : c).ToArray();
        var clean = new string(chars).Trim();
        return clean.Length <= max ? clean : clean[..(max - 1)].TrimEnd() + "…";
    }

    /// <summary>Sources without ids: the title and start stand in (a renamed event then counts as a new one).</summary>
    private static string Hash(string title, DateTimeOffset start) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{title}\n{start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}")))[..32];

    private static bool LooksLikeHtml(string? text) => text is not null && HtmlTag().IsMatch(text);

    /// <summary>Many sites send descriptions as HTML: line breaks are kept, tags dropped, entities decoded.</summary>
    private static string FromHtml(string html) =>
        WebUtility.HtmlDecode(HtmlTag().Replace(LineBreakTag().Replace(html, "\n"), ""));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"<\s*br\s*/?\s*>|<\s*/\s*(p|div|li|h[1-6])\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTag();

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z][^<>]*>")]
    private static partial Regex HtmlTag();
}
