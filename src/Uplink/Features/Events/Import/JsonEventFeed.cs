using System.Globalization;
using System.Text.Json;

namespace Uplink.Features.Events;

/// <summary>
/// Reads the JSON shapes event sites publish: a bare array, or one under "events", "data" or
/// "items"; with the common field names (title or name, starts_at, start, start_date, startDate
/// or date…) in snake_case, camelCase or PascalCase; times in ISO-8601 or Unix seconds.
/// </summary>
internal static class JsonEventFeed
{
    private static readonly string[] ListNames = ["events", "data", "items", "results"];
    private static readonly string[] IdNames = ["id", "uid", "externalid", "eventid", "guid", "slug"];
    private static readonly string[] TitleNames = ["title", "name", "eventname", "summary"];
    private static readonly string[] StartNames = ["startsat", "start", "startdate", "startdatetime", "starttime", "startat", "date", "datetime", "begin", "beginsat"];
    private static readonly string[] EndNames = ["endsat", "end", "enddate", "enddatetime", "endtime", "endat", "finish", "finishesat"];
    private static readonly string[] ZoneNames = ["timezone", "tz", "tzid", "timezoneid"];
    private static readonly string[] PlaceNames = ["place", "location", "venue", "address", "where"];
    private static readonly string[] DescriptionNames = ["description", "details", "body", "content", "text", "summary"];
    private static readonly string[] LinkNames = ["url", "link", "href", "permalink", "eventurl", "website"];
    private static readonly string[] ImageNames = ["image", "imageurl", "img", "cover", "coverimage", "picture", "photo", "thumbnail", "banner"];
    private static readonly string[] StatusNames = ["status", "state", "eventstatus"];

    public static ParsedFeed Parse(string body, TimeZoneInfo defaultZone)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"not JSON or iCalendar ({ex.Message})");
        }

        using (document)
        {
            var list = FindList(document.RootElement)
                       ?? throw new FeedFormatException("JSON without a list of events (expected an array, or one under events, data or items)");
            var feed = new EventFeed.Builder();
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                index++;
                var (item, problem) = element.ValueKind == JsonValueKind.Object ? Read(element, defaultZone) : (null, "not an object");
                if (item is not null)
                {
                    feed.Add(item);
                }
                else
                {
                    feed.Skip($"item {index}: {problem}");
                }
            }

            return feed.Build();
        }
    }

    private static JsonElement? FindList(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var fields = Fields(root);
        foreach (var name in ListNames)
        {
            if (fields.TryGetValue(name, out var value))
            {
                // {"data": {"events": […]}} too, as some APIs wrap twice.
                return value.ValueKind == JsonValueKind.Array ? value : value.ValueKind == JsonValueKind.Object ? FindList(value) : null;
            }
        }

        return null;
    }

    private static (FeedItem? Item, string? Problem) Read(JsonElement element, TimeZoneInfo defaultZone)
    {
        var fields = Fields(element);
        var zone = defaultZone;
        if (Text(First(fields, ZoneNames)) is { } zoneId && !EventTimes.TryFindZone(zoneId, out zone))
        {
            return (null, $"unknown time zone \"{(zoneId.Length > 40 ? zoneId[..40] : zoneId)}\"");
        }

        var titleField = First(fields, TitleNames, out var titleName);
        // "summary" is the title only when nothing else is; otherwise it is the description.
        var description = titleName == "summary" ? Text(First(fields, DescriptionNames[..^1])) : Text(First(fields, DescriptionNames));
        var status = Text(First(fields, StatusNames));
        var cancelled = EventFeed.IsCancelled(status) ||
                        fields.TryGetValue("cancelled", out var flag) && flag.ValueKind == JsonValueKind.True ||
                        fields.TryGetValue("canceled", out flag) && flag.ValueKind == JsonValueKind.True;
        return EventFeed.Item(
            Text(First(fields, IdNames)),
            Text(titleField),
            Time(First(fields, StartNames), ref zone),
            Time(First(fields, EndNames), ref zone),
            zone,
            PlaceOf(First(fields, PlaceNames)),
            description,
            Text(First(fields, LinkNames)),
            UrlOf(First(fields, ImageNames)),
            cancelled);
    }

    /// <summary>An ISO string, Unix seconds (number or digits), or {"dateTime", "timeZone"} / {"date"} as Google Calendar writes.</summary>
    private static DateTimeOffset? Time(JsonElement? value, ref TimeZoneInfo zone)
    {
        switch (value)
        {
            case { ValueKind: JsonValueKind.Number } number:
                return number.TryGetInt64(out var unix) && EventTimes.TryFromUnix(unix, out var fromUnix) ? fromUnix : null;
            case { ValueKind: JsonValueKind.String } text:
                return EventTimes.TryParseInstant(text.GetString(), zone, out var parsed) ? parsed : null;
            case { ValueKind: JsonValueKind.Object } obj:
                var fields = Fields(obj);
                if (Text(First(fields, ZoneNames)) is { } id && EventTimes.TryFindZone(id, out var own))
                {
                    zone = own;
                }

                return Time(First(fields, ["datetime", "date", "value"]), ref zone);
            default:
                return null;
        }
    }

    /// <summary>A string, or {"name", "address"} as venues often are.</summary>
    private static string? PlaceOf(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } obj)
        {
            return Text(value);
        }

        var fields = Fields(obj);
        var parts = new[] { Text(First(fields, ["name", "title"])), PlaceOf(First(fields, ["address", "street"])), Text(First(fields, ["city"])) };
        var joined = string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct());
        return joined.Length > 0 ? joined : null;
    }

    private static string? UrlOf(JsonElement? value) => value is { ValueKind: JsonValueKind.Object } obj
        ? Text(First(Fields(obj), ["url", "src", "href", "original"]))
        : Text(value);

    private static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static JsonElement? First(Dictionary<string, JsonElement> fields, string[] names) => First(fields, names, out _);

    private static JsonElement? First(Dictionary<string, JsonElement> fields, string[] names, out string? found)
    {
        foreach (var name in names)
        {
            if (fields.TryGetValue(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                found = name;
                return value;
            }
        }

        found = null;
        return null;
    }

    /// <summary>Field names folded: start_date, startDate, StartDate and start-date are one name.</summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement obj)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var name = string.Concat(property.Name.Where(char.IsLetterOrDigit)).ToLower(CultureInfo.InvariantCulture);
            fields.TryAdd(name, property.Value);
        }

        return fields;
    }
}
