using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>What the bot asks at each step of an event draft, with the step's buttons.</summary>
internal static class DraftPrompts
{
    private const int Steps = 4;

    public static (string Text, InlineKeyboardMarkup Markup) For(
        EventConversation conversation, EventDraft draft, RuleProblem? problem, string defaultZone, BotLanguage lang)
    {
        var editing = conversation.EventId is not null;
        var text = new StringBuilder();
        if (problem is not null)
        {
            text.AppendLine("⚠️ " + H(lang.Pick(problem.English, problem.Russian))).AppendLine();
        }

        var step = conversation.Step;
        var header = editing ? lang.Pick("✏️ <b>Editing the event</b>", "✏️ <b>Изменение события</b>") : lang.Pick("📝 <b>New event</b>", "📝 <b>Новое событие</b>");
        text.AppendLine(step == DraftStep.Confirm
            ? header
            : $"{header} · {lang.Pick($"step {(int)step + 1} of {Steps}", $"шаг {(int)step + 1} из {Steps}")}");
        text.AppendLine();
        var zone = draft.TimeZone ?? defaultZone;
        switch (step)
        {
            case DraftStep.Title:
                text.AppendLine(lang.Pick("What is the event called?", "Как называется событие?"));
                Current(text, draft.Title, editing, lang);
                break;
            case DraftStep.When:
                text.AppendLine(lang.Pick(
                    $"When does it start? Send the date and time, e.g. <code>2027-03-15 19:00</code>, or with an end time: <code>15.03.2027 19:00-21:00</code>. Times are in {H(zone)}; another zone can follow the time, e.g. <code>… Europe/Berlin</code>.",
                    $"Когда начало? Пришлите дату и время, например <code>2027-03-15 19:00</code>, или со временем окончания: <code>15.03.2027 19:00-21:00</code>. Время — по {H(zone)}; после времени можно указать другой пояс, например <code>… Europe/Moscow</code>."));
                Current(text, draft.StartsAt is { } s ? EventTimes.Describe(s, draft.EndsAt, zone, lang) : null, editing, lang);
                break;
            case DraftStep.Place:
                text.AppendLine(lang.Pick("Where? Send the place or address.", "Где? Пришлите место или адрес."));
                Current(text, draft.Place, editing, lang);
                break;
            case DraftStep.Description:
                text.AppendLine(lang.Pick("Describe the event in a few lines.", "Опишите событие в нескольких строках."));
                Current(text, draft.Description, editing, lang);
                break;
            default:
                var preview = new Event
                {
                    Title = draft.Title ?? "", StartsAt = draft.StartsAt ?? default, EndsAt = draft.EndsAt, TimeZone = zone,
                    Place = draft.Place, Description = draft.Description, Source = Event.LocalSource,
                };
                text.Append(EventTexts.Body(preview, lang)).AppendLine().AppendLine(lang.Pick("Save this event?", "Сохранить событие?"));
                break;
        }

        return (text.ToString().TrimEnd(), new InlineKeyboardMarkup(Buttons(step, editing, lang)));
    }

    private static void Current(StringBuilder text, string? value, bool editing, BotLanguage lang)
    {
        if (editing)
        {
            text.AppendLine().AppendLine(lang.Pick("Now: ", "Сейчас: ") + (value is null ? "—" : H(value.Length <= 300 ? value : value[..300] + "…")));
        }
    }

    private static List<InlineKeyboardButton[]> Buttons(DraftStep step, bool editing, BotLanguage lang)
    {
        var rows = new List<InlineKeyboardButton[]>();
        if (step == DraftStep.Confirm)
        {
            rows.Add([Button(lang.Pick("✅ Save", "✅ Сохранить"), "save")]);
        }

        var row = new List<InlineKeyboardButton>();
        if (step > DraftStep.Title)
        {
            row.Add(Button(lang.Pick("◀️ Back", "◀️ Назад"), "back"));
        }

        if (editing && step < DraftStep.Confirm)
        {
            row.Add(Button(lang.Pick("Keep", "Оставить"), "keep"));
        }

        if (step is DraftStep.Place or DraftStep.Description)
        {
            row.Add(Button(editing ? lang.Pick("Remove", "Убрать") : lang.Pick("Skip", "Пропустить"), "skip"));
        }

        if (row.Count > 0)
        {
            rows.Add([.. row]);
        }

        rows.Add([Button(lang.Pick("✖️ Cancel", "✖️ Отмена"), "cancel")]);
        return rows;
    }

    private static InlineKeyboardButton Button(string label, string action) =>
        InlineKeyboardButton.WithCallbackData(label, $"{DraftCommand.Name} {action}");

    private static string H(string? text) => BotContext.Html(text);
}
