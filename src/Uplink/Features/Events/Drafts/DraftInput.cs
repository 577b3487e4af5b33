using System.Globalization;
using System.Text.RegularExpressions;

namespace Uplink.Features.Events;

/// <summary>Reads what an admin types at the "when" step of the event draft.</summary>
internal static partial class DraftInput
{
    private static readonly string[] DateFormats = ["yyyy-M-d", "d.M.yyyy", "d.M.yy", "d/M/yyyy"];

    /// <summary>
    /// "2027-03-15 19:00", "15.03.2027 19:00-21:00", optionally followed by a time zone
    /// ("… Europe/Berlin"); without one, <paramref name="zoneId"/>. An end before the start is the next day.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset? End, string Zone)? ParseWhen(string text, string zoneId, out RuleProblem? problem)
    {
        problem = null;
        var match = When().Match(text.Trim());
        if (!match.Success ||
            !DateTime.TryParseExact(match.Groups["date"].Value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ||
            !TimeOnly.TryParseExact(match.Groups["start"].Value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var startTime))
        {
            problem = new RuleProblem("Rule.When.Unreadable");
            return null;
        }

        var zoneText = match.Groups["zone"].Success ? match.Groups["zone"].Value : zoneId;
        if (!EventTimes.TryFindZone(zoneText, out var zone))
        {
            problem = new RuleProblem("Rule.When.UnknownZone", [zoneText]);
            return null;
        }

        var localStart = date.Add(startTime.ToTimeSpan());
        if (!EventTimes.TryToUtc(localStart, zone, out var start))
        {
            problem = new RuleProblem("Rule.When.SkippedTime");
            return null;
        }

        DateTimeOffset? end = null;
        if (match.Groups["end"].Success)
        {
            if (!TimeOnly.TryParseExact(match.Groups["end"].Value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var endTime))
            {
                problem = new RuleProblem("Rule.When.UnreadableEnd");
                return null;
            }

            var localEnd = date.Add(endTime.ToTimeSpan());
            if (localEnd <= localStart)
            {
                localEnd = localEnd.AddDays(1); // 22:00-02:00 ends after midnight
            }

            if (EventTimes.TryToUtc(localEnd, zone, out var utcEnd))
            {
                end = utcEnd;
            }
        }

        return (start, end, zone.Id);
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}),?\s+(?<start>\d{1,2}:\d{2})(\s*[-–—]\s*(?<end>\d{1,2}:\d{2}))?(\s+(?<zone>[A-Za-z][A-Za-z0-9_+\-/]{0,63}))?$")]
    private static partial Regex When();
}
