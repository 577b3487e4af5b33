using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using Uplink.Bot;

namespace Uplink.Features.Events;

/// <summary>What the bot asks at each step of an event draft, with the step's buttons.</summary>
internal static class DraftPrompts
{
    private const int Steps = 4;

    public static (string Text, InlineKeyboardMarkup Markup) For(
        EventConversation conversation, EventDraft draft, RuleProblem? problem, string defaultZone, BotTexts texts)
    {
        var editing = conversation.EventId is not null;
        var text = new StringBuilder();
        if (problem is not null)
        {
            text.AppendLine("⚠️ " + H(problem.In(texts))).AppendLine();
        }

        var step = conversation.Step;
        var header = editing ? texts["Draft.EditingHeader"] : texts["Draft.NewHeader"];
        text.AppendLine(step == DraftStep.Confirm
            ? header
            : $"{header} · {texts["Draft.Step", (int)step + 1, Steps]}");
        text.AppendLine();
        var zone = draft.TimeZone ?? defaultZone;
        switch (step)
        {
            case DraftStep.Title:
                text.AppendLine(texts["Draft.AskTitle"]);
                Current(text, draft.Title, editing, texts);
                break;
            case DraftStep.When:
                text.AppendLine(texts["Draft.AskWhen", H(zone)]);
                Current(text, draft.StartsAt is { } s ? EventTimes.Describe(s, draft.EndsAt, zone, texts) : null, editing, texts);
                break;
            case DraftStep.Place:
                text.AppendLine(texts["Draft.AskPlace"]);
                Current(text, draft.Place, editing, texts);
                break;
            case DraftStep.Description:
                text.AppendLine(texts["Draft.AskDescription"]);
                Current(text, draft.Description, editing, texts);
                break;
            default:
                var preview = new Event
                {
                    Title = draft.Title ?? "", StartsAt = draft.StartsAt ?? default, EndsAt = draft.EndsAt, TimeZone = zone,
                    Place = draft.Place, Description = draft.Description, Source = Event.LocalSource,
                };
                text.Append(EventTexts.Body(preview, texts)).AppendLine().AppendLine(texts["Draft.AskSave"]);
                break;
        }

        return (text.ToString().TrimEnd(), new InlineKeyboardMarkup(Buttons(step, editing, texts)));
    }

    private static void Current(StringBuilder text, string? value, bool editing, BotTexts texts)
    {
        if (editing)
        {
            text.AppendLine().AppendLine(texts["Draft.Now"] + (value is null ? "—" : H(value.Length <= 300 ? value : value[..300] + "…")));
        }
    }

    private static List<InlineKeyboardButton[]> Buttons(DraftStep step, bool editing, BotTexts texts)
    {
        var rows = new List<InlineKeyboardButton[]>();
        if (step == DraftStep.Confirm)
        {
            rows.Add([Button(texts["Draft.Save"], "save")]);
        }

        var row = new List<InlineKeyboardButton>();
        if (step > DraftStep.Title)
        {
            row.Add(Button(texts["Draft.Back"], "back"));
        }

        if (editing && step < DraftStep.Confirm)
        {
            row.Add(Button(texts["Draft.Keep"], "keep"));
        }

        if (step is DraftStep.Place or DraftStep.Description)
        {
            row.Add(Button(editing ? texts["Draft.Remove"] : texts["Draft.Skip"], "skip"));
        }

        if (row.Count > 0)
        {
            rows.Add([.. row]);
        }

        rows.Add([Button(texts["Draft.Cancel"], "cancel")]);
        return rows;
    }

    private static InlineKeyboardButton Button(string label, string action) =>
        InlineKeyboardButton.WithCallbackData(label, $"{DraftCommand.Name} {action}");

    private static string H(string? text) => BotContext.Html(text);
}
