using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>The bot's rendering of events; every text from an event or a person is HTML-escaped.</summary>
internal static class EventTexts
{
    public const int ListPageSize = 5;
    private const int MaxCardDescription = 1500;

    /// <summary>Title, time, place, description and link: the body of a card, a preview or a notice.</summary>
    public static StringBuilder Body(Event e, BotLanguage lang, bool withDescription = true)
    {
        var text = new StringBuilder().AppendLine($"📅 <b>{H(e.Title)}</b>");
        if (e.Status == EventStatus.Cancelled)
        {
            text.AppendLine(lang.Pick("❌ <b>Cancelled</b>", "❌ <b>Отменено</b>"));
        }
        else if (e.Status == EventStatus.Removed)
        {
            text.AppendLine(lang.Pick("❌ <b>Removed from the calendar</b>", "❌ <b>Убрано из календаря</b>"));
        }

        text.AppendLine($"🗓 {H(EventTimes.Describe(e.StartsAt, e.EndsAt, e.TimeZone, lang))}");
        if (e.Place is { } place)
        {
            text.AppendLine($"📍 {H(place)}");
        }

        if (withDescription && e.Description is { } description)
        {
            var clipped = description.Length <= MaxCardDescription ? description : description[..MaxCardDescription].TrimEnd() + "…";
            text.AppendLine().AppendLine(H(clipped)).AppendLine();
        }

        if (e.Link is { } link)
        {
            text.AppendLine($"🔗 {H(link)}");
        }

        return text;
    }

    /// <summary>An event's card with the member's answer and the buttons to change it.</summary>
    public static (string Text, InlineKeyboardMarkup Markup) Card(
        EventView view, bool? answer, bool admin, DateTimeOffset now, EventUrls urls, BotLanguage lang)
    {
        var e = view.Event;
        var text = Body(e, lang)
            .AppendLine(lang.Pick($"👥 Going: {view.GoingCount}", $"👥 Идут: {view.GoingCount}"));
        var open = e.Status == EventStatus.Scheduled && e.Until > now;
        if (open && answer is { } going)
        {
            text.AppendLine(going
                ? lang.Pick("✅ You're going.", "✅ Вы идёте.")
                : lang.Pick("🚫 You can't go.", "🚫 Вы не идёте."));
        }
        else if (!open && e.Status == EventStatus.Scheduled)
        {
            text.AppendLine(lang.Pick("This event is over.", "Это событие уже прошло."));
        }

        text.Append($"🌐 {H(urls.Page(e.Id))}");

        var rows = new List<InlineKeyboardButton[]>();
        if (open)
        {
            rows.Add([
                InlineKeyboardButton.WithCallbackData((answer == true ? "✔️ " : "") + lang.Pick("I'm going", "Я иду"), $"{RsvpCommand.Name} {e.Id} yes"),
                InlineKeyboardButton.WithCallbackData((answer == false ? "✔️ " : "") + lang.Pick("Can't go", "Не смогу"), $"{RsvpCommand.Name} {e.Id} no"),
            ]);
        }

        if (admin && e.IsLocal && e.Status == EventStatus.Scheduled)
        {
            rows.Add([
                InlineKeyboardButton.WithCallbackData(lang.Pick("✏️ Edit", "✏️ Изменить"), $"{EditEventCommand.Name} {e.Id}"),
                InlineKeyboardButton.WithCallbackData(lang.Pick("❌ Cancel event", "❌ Отменить"), $"{CancelEventCommand.Name} {e.Id}"),
            ]);
        }

        rows.Add([InlineKeyboardButton.WithCallbackData(lang.Pick("📅 All events", "📅 Все события"), EventsCommand.Name)]);
        return (text.ToString(), new InlineKeyboardMarkup(rows));
    }

    /// <summary>One page of coming events, each a button that opens its card.</summary>
    public static (string Text, InlineKeyboardMarkup Markup) List(
        IReadOnlyList<EventView> events, int page, int total, bool admin, BotLanguage lang)
    {
        var pages = Math.Max(1, (total + ListPageSize - 1) / ListPageSize);
        var text = new StringBuilder();
        var rows = new List<InlineKeyboardButton[]>();
        if (total == 0)
        {
            text.Append(lang.Pick("📅 No upcoming events yet.", "📅 Предстоящих событий пока нет."));
        }
        else
        {
            text.AppendLine(lang.Pick($"📅 <b>Upcoming events</b> (page {page} of {pages})", $"📅 <b>Ближайшие события</b> (стр. {page} из {pages})"))
                .AppendLine();
            foreach (var view in events)
            {
                var e = view.Event;
                var place = e.Place is { } p ? $" · 📍 {H(p)}" : "";
                text.AppendLine($"• {H(EventTimes.Short(e.StartsAt, e.TimeZone, lang))} — <b>{H(e.Title)}</b>{place} · 👥 {view.GoingCount}");
                var label = $"{EventTimes.Short(e.StartsAt, e.TimeZone, lang)} · {e.Title}";
                rows.Add([InlineKeyboardButton.WithCallbackData(label.Length <= 60 ? label : label[..59] + "…", $"{EventCardCommand.Name} {e.Id}")]);
            }
        }

        var nav = new List<InlineKeyboardButton>();
        if (page > 1)
        {
            nav.Add(InlineKeyboardButton.WithCallbackData(lang.Pick("◀️ Earlier", "◀️ Раньше"), $"{EventsCommand.Name} {page - 1}"));
        }

        if (page < pages)
        {
            nav.Add(InlineKeyboardButton.WithCallbackData(lang.Pick("Later ▶️", "Позже ▶️"), $"{EventsCommand.Name} {page + 1}"));
        }

        if (nav.Count > 0)
        {
            rows.Add([.. nav]);
        }

        if (admin)
        {
            rows.Add([InlineKeyboardButton.WithCallbackData(lang.Pick("➕ New event", "➕ Новое событие"), NewEventCommand.Name)]);
        }

        return (text.ToString().TrimEnd(), new InlineKeyboardMarkup(rows));
    }

    /// <summary>A reminder or a change notice, with a button to the card.</summary>
    public static (string Text, InlineKeyboardMarkup Markup) Notice(Event e, NoticeKind kind, DateTimeOffset now, BotLanguage lang)
    {
        var left = e.StartsAt - now;
        var when = left >= TimeSpan.FromHours(2)
            ? lang.Pick($"in {Math.Round(left.TotalHours)} hours", $"через {Math.Round(left.TotalHours)} ч")
            : lang.Pick($"in {Math.Max(1, Math.Round(left.TotalMinutes))} minutes", $"через {Math.Max(1, Math.Round(left.TotalMinutes))} мин");
        var headline = kind switch
        {
            NoticeKind.Reminder24Hours or NoticeKind.Reminder1Hour => lang.Pick($"⏰ Reminder: this starts {when}.", $"⏰ Напоминание: начало {when}."),
            NoticeKind.Moved => lang.Pick("🔁 An event you're going to has changed:", "🔁 Событие, на которое вы идёте, изменилось:"),
            _ => lang.Pick("❌ An event you were going to is called off:", "❌ Событие, на которое вы собирались, отменено:"),
        };
        var text = new StringBuilder().AppendLine(headline).AppendLine().Append(Body(e, lang, withDescription: false));
        var markup = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(
            lang.Pick("Open the event", "Открыть событие"), $"{EventCardCommand.Name} {e.Id}"));
        return (text.ToString().TrimEnd(), markup);
    }

    private static string H(string? text) => BotContext.Html(text);
}
