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

/// <summary>Why a value was refused, for the API (English) and the bot (both languages).</summary>
internal sealed record RuleProblem(string English, string Russian);

/// <summary>The rules every way in shares: lengths, characters, links, times.</summary>
internal static class EventRules
{
    public static (string? Value, RuleProblem? Problem) Title(string? text)
    {
        var title = text?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return (null, new("The title is required.", "Нужно название."));
        }

        if (title.Length > Event.MaxTitleLength)
        {
            return (null, new($"The title can be at most {Event.MaxTitleLength} characters long.",
                $"Название — не длиннее {Event.MaxTitleLength} символов."));
        }

        return title.Any(char.IsControl)
            ? (null, new("The title must be one line without control characters.", "Название — одна строка без управляющих символов."))
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
            return (null, new($"At most {max} characters, please.", $"Не длиннее {max} символов, пожалуйста."));
        }

        return value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\t'))
            ? (null, new("Control characters are not allowed.", "Управляющие символы не допускаются."))
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
            : (null, new($"An absolute http(s) URL of at most {Event.MaxUrlLength} characters is expected.",
                $"Нужна абсолютная http(s)-ссылка не длиннее {Event.MaxUrlLength} символов."));
    }

    /// <summary>Checks an event's times; <paramref name="now"/> is given when the start must lie ahead.</summary>
    public static RuleProblem? Times(DateTimeOffset startsAt, DateTimeOffset? endsAt, DateTimeOffset? now)
    {
        if (now is { } n && startsAt <= n)
        {
            return new("The start must be in the future.", "Начало должно быть в будущем.");
        }

        return endsAt is { } end && end <= startsAt ? new("The end must be after the start.", "Конец должен быть позже начала.") : null;
    }
}
