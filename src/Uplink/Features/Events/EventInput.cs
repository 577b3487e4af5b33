using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>A checked, normalized event as the bot, the API and the importer hand it to <see cref="EventService"/>.</summary>
internal sealed record EventInput(
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string TimeZone,
    string? Place,
    string? Description,
    string? Link,
    string? ImageUrl,
    EventStatus Status = EventStatus.Scheduled);

/// <summary>
/// Why a value was refused: a text of the resources with its values, told to the bot's user in
/// their language and to the API in English, and the API field it concerns when the rule alone
/// knows it (which of two times is wrong); otherwise the caller knows which field it checked.
/// </summary>
internal sealed record RuleProblem(string Key, object[] Arguments, string? Field = null)
{
    public RuleProblem(string key, string? field = null) : this(key, [], field)
    {
    }

    public string In(BotTexts texts) => texts[Key, Arguments];
}

/// <summary>The rules every way in shares: lengths, characters, links, times.</summary>
internal static class EventRules
{
    public static (string? Value, RuleProblem? Problem) Title(string? text)
    {
        var title = text?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return (null, new("Rule.Title.Required", "title"));
        }

        if (title.Length > Event.MaxTitleLength)
        {
            return (null, new("Rule.Title.TooLong", [Event.MaxTitleLength], "title"));
        }

        return title.Any(char.IsControl)
            ? (null, new("Rule.Title.OneLine", "title"))
            : (title, null);
    }

    /// <summary>Trimmed text; empty becomes null (which clears).</summary>
    public static (string? Value, RuleProblem? Problem) Text(string? text, int max, bool multiline)
    {
        var value = text?.Trim().ReplaceLineEndings("\n");
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        if (value.Length > max)
        {
            return (null, new("Rule.Text.TooLong", [max]));
        }

        return value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\t'))
            ? (null, new("Rule.Text.ControlCharacters"))
            : (value, null);
    }

    /// <summary>An absolute http(s) URL; empty becomes null.</summary>
    public static (string? Value, RuleProblem? Problem) Url(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        return value.Length <= Event.MaxUrlLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
               uri.Scheme is "http" or "https"
            ? (uri.AbsoluteUri, null)
            : (null, new("Rule.Url", [Event.MaxUrlLength]));
    }

    /// <summary>Checks an event's times; <paramref name="now"/> is given when the start must lie ahead.</summary>
    public static RuleProblem? Times(DateTimeOffset startsAt, DateTimeOffset? endsAt, DateTimeOffset? now)
    {
        if (now is { } n && startsAt <= n)
        {
            return new("Rule.StartInPast", "starts_at");
        }

        return endsAt is { } end && end <= startsAt ? new("Rule.EndBeforeStart", "ends_at") : null;
    }
}
