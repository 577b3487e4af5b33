using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>Time zones and times as people and feeds write them; every stored time is UTC.</summary>
internal static partial class EventTimes
{
    /// <summary>
    /// The instants an event may have. Far inside what <see cref="DateTimeOffset"/> holds, so that
    /// showing a time in any zone (±14 h) or reckoning reminders from it can never overflow.
    /// </summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <inheritdoc cref="Earliest"/>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsInRange(DateTimeOffset instant) => instant >= Earliest && instant < Latest;

    /// <summary>Finds a zone by IANA id (Windows ids are accepted and turned into IANA ones).</summary>
    public static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }

        if (!zone.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana))
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(iana);
        }

        return true;
    }

    public static TimeZoneInfo ZoneOf(Event e) => TryFindZone(e.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The instant as the clock on the wall in <paramref name="zone"/> shows it.</summary>
    public static DateTimeOffset InZone(DateTimeOffset utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(utc, zone);

    /// <summary>
    /// A wall-clock time in a zone as UTC; false for times that do not exist there (skipped by a
    /// daylight-saving change). Ambiguous times (repeated by one) take the earlier instant.
    /// </summary>
    public static bool TryToUtc(DateTime local, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        utc = default;
        if (zone.IsInvalidTime(unspecified))
        {
            return false;
        }

        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        // Year 1 east of Greenwich or year 9999 west of it has no UTC instant: DateTimeOffset would throw.
        var ticks = unspecified.Ticks - offset.Ticks;
        if (ticks < Earliest.UtcTicks || ticks >= Latest.UtcTicks)
        {
            return false;
        }

        utc = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// ISO-8601 and similar: with an offset (or Z) the instant is exact; without one it is read as
    /// wall-clock time in <paramref name="zone"/>. Digits alone are Unix seconds.
    /// </summary>
    public static bool TryParseInstant(string? text, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unix))
        {
            return TryFromUnix(unix, out utc);
        }

        if (ExplicitOffset().IsMatch(text))
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var exact))
            {
                return false;
            }

            utc = exact.ToUniversalTime();
            return IsInRange(utc);
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault,
                   out var local) && TryToUtc(local, zone, out utc);
    }

    /// <summary>Unix seconds; values too large for seconds in this era are taken as milliseconds.</summary>
    public static bool TryFromUnix(long value, out DateTimeOffset utc)
    {
        utc = default;
        var seconds = Math.Abs(value) >= 100_000_000_000 ? value / 1000 : value;
        if (seconds < 0 || seconds >= Latest.ToUnixTimeSeconds())
        {
            return false;
        }

        utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>"Sat, 15 Mar 2027, 19:00–21:00 (Europe/Berlin)", in the event's zone and the reader's language.</summary>
    public static string Describe(DateTimeOffset startsAt, DateTimeOffset? endsAt, string timeZone, BotTexts texts)
    {
        var zone = TryFindZone(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        var culture = texts.DateCulture;
        var start = InZone(startsAt, zone);
        var text = start.ToString("ddd, d MMM yyyy, HH:mm", culture);
        if (endsAt is { } e)
        {
            var end = InZone(e, zone);
            text += end.Date == start.Date
                ? "–" + end.ToString("HH:mm", culture)
                : " – " + end.ToString("ddd, d MMM yyyy, HH:mm", culture);
        }

        return $"{text} ({zone.Id})";
    }

    /// <summary>"15 Mar, 19:00" — short, for buttons and lists.</summary>
    public static string Short(DateTimeOffset startsAt, string timeZone, BotTexts texts)
    {
        var zone = TryFindZone(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        return InZone(startsAt, zone).ToString("d MMM, HH:mm", texts.DateCulture);
    }

    // An offset counts only after a time: "2027-03-15" ends in "-15", which is the day, not an offset.
    [GeneratedRegex(@"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();
}
