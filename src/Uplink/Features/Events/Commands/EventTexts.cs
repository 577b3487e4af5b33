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
    public static StringBuilder Body(Event e, BotTexts texts, bool withDescription = true)
    {
        var text = new StringBuilder().AppendLine($"📅 <b>{H(e.Title)}</b>");
        if (e.Status == EventStatus.Cancelled)
        {
            text.AppendLine(texts["Event.Cancelled"]);
        }
        else if (e.Status == EventStatus.Removed)
        {
            text.AppendLine(texts["Event.Removed"]);
        }

        text.AppendLine($"🗓 {H(EventTimes.Describe(e.StartsAt, e.EndsAt, e.TimeZone, texts))}");
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
        EventView view, bool? answer, bool admin, DateTimeOffset now, EventUrls urls, BotTexts texts)
    {
        var e = view.Event;
        var text = Body(e, texts)
            .AppendLine(texts["Event.Going", view.GoingCount]);
        var open = e.Status == EventStatus.Scheduled && e.Until > now;
        if (open && answer is { } going)
        {
            text.AppendLine(going
                ? texts["Event.YouAreGoing"]
                : texts["Event.YouCantGo"]);
        }
        else if (!open && e.Status == EventStatus.Scheduled)
        {
            text.AppendLine(texts["Event.Over"]);
        }

        text.Append($"🌐 {H(urls.Page(e.Id))}");

        var rows = new List<InlineKeyboardButton[]>();
        if (open)
        {
            rows.Add([
                InlineKeyboardButton.WithCallbackData((answer == true ? "✔️ " : "") + texts["Event.ImGoing"], $"{RsvpCommand.Name} {e.Id} yes"),
                InlineKeyboardButton.WithCallbackData((answer == false ? "✔️ " : "") + texts["Event.CantGo"], $"{RsvpCommand.Name} {e.Id} no"),
            ]);
        }

        if (admin && e.IsLocal && e.Status == EventStatus.Scheduled)
        {
            rows.Add([
                InlineKeyboardButton.WithCallbackData(texts["Event.Edit"], $"{EditEventCommand.Name} {e.Id}"),
                InlineKeyboardButton.WithCallbackData(texts["Event.Cancel"], $"{CancelEventCommand.Name} {e.Id}"),
            ]);
        }

        rows.Add([InlineKeyboardButton.WithCallbackData(texts["Event.AllEvents"], EventsCommand.Name)]);
        return (text.ToString(), new InlineKeyboardMarkup(rows));
    }

    /// <summary>One page of coming events, each a button that opens its card.</summary>
    public static (string Text, InlineKeyboardMarkup Markup) List(
        IReadOnlyList<EventView> events, int page, int total, bool admin, BotTexts texts)
    {
        var pages = Math.Max(1, (total + ListPageSize - 1) / ListPageSize);
        var text = new StringBuilder();
        var rows = new List<InlineKeyboardButton[]>();
        if (total == 0)
        {
            text.Append(texts["Events.None"]);
        }
        else
        {
            text.AppendLine(texts["Events.Header", page, pages])
                .AppendLine();
            foreach (var view in events)
            {
                var e = view.Event;
                var place = e.Place is { } p ? $" · 📍 {H(p)}" : "";
                text.AppendLine($"• {H(EventTimes.Short(e.StartsAt, e.TimeZone, texts))} — <b>{H(e.Title)}</b>{place} · 👥 {view.GoingCount}");
                var label = $"{EventTimes.Short(e.StartsAt, e.TimeZone, texts)} · {e.Title}";
                rows.Add([InlineKeyboardButton.WithCallbackData(label.Length <= 60 ? label : label[..59] + "…", $"{EventCardCommand.Name} {e.Id}")]);
            }
        }

        var nav = new List<InlineKeyboardButton>();
        if (page > 1)
        {
            nav.Add(InlineKeyboardButton.WithCallbackData(texts["Events.Earlier"], $"{EventsCommand.Name} {page - 1}"));
        }

        if (page < pages)
        {
            nav.Add(InlineKeyboardButton.WithCallbackData(texts["Events.Later"], $"{EventsCommand.Name} {page + 1}"));
        }

        if (nav.Count > 0)
        {
            rows.Add([.. nav]);
        }

        if (admin)
        {
            rows.Add([InlineKeyboardButton.WithCallbackData(texts["Events.New"], NewEventCommand.Name)]);
        }

        return (text.ToString().TrimEnd(), new InlineKeyboardMarkup(rows));
    }

    /// <summary>A reminder or a change notice, with a button to the card.</summary>
    public static (string Text, InlineKeyboardMarkup Markup) Notice(Event e, NoticeKind kind, DateTimeOffset now, BotTexts texts)
    {
        var left = e.StartsAt - now;
        var when = left >= TimeSpan.FromHours(2)
            ? texts["Notice.InHours", Math.Round(left.TotalHours)]
            : texts["Notice.InMinutes", Math.Max(1, Math.Round(left.TotalMinutes))];
        var headline = kind switch
        {
            NoticeKind.Reminder24Hours or NoticeKind.Reminder1Hour => texts["Notice.Reminder", when],
            NoticeKind.Moved => texts["Notice.Moved"],
            _ => texts["Notice.Cancelled"],
        };
        var text = new StringBuilder().AppendLine(headline).AppendLine().Append(Body(e, texts, withDescription: false));
        var markup = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(
            texts["Notice.Open"], $"{EventCardCommand.Name} {e.Id}"));
        return (text.ToString().TrimEnd(), markup);
    }

    private static string H(string? text) => BotContext.Html(text);
}
