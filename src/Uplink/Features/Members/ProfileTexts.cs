using System.Globalization;
using System.Text;
using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary>The bot's rendering of the two profile views; all member text is HTML-escaped.</summary>
internal static class ProfileTexts
{
    public static string Private(PrivateProfileDto p, BotTexts texts)
    {
        var none = texts["Profile.None"];
        var visible = new List<string>();
        if (p.PublicFields.LastName) visible.Add(texts["Profile.Public.LastName"]);
        if (p.PublicFields.Username) visible.Add(texts["Profile.Public.Username"]);
        if (p.PublicFields.Bio) visible.Add(texts["Profile.Public.Bio"]);
        if (p.PublicFields.Photo) visible.Add(texts["Profile.Public.Photo"]);

        var text = new StringBuilder()
            .AppendLine(texts["Profile.PrivateHeader"])
            .AppendLine()
            .AppendLine($"{texts["Profile.Name"]}: {Html(p.FirstName)} {Html(p.LastName)}".TrimEnd())
            .AppendLine($"{texts["Profile.Username"]}: {(p.Username is { } u ? "@" + Html(u) : none)}")
            .AppendLine($"Telegram ID: <code>{p.TelegramUserId}</code>")
            .AppendLine($"{texts["Profile.Language"]}: {Html(p.LanguageCode ?? none)}")
            .AppendLine($"{texts["Profile.Bio"]}: {(p.Bio is { } b ? Html(b) : none)}")
            .AppendLine($"{texts["Profile.ReferralCode"]}: <code>{p.ReferralCode}</code>")
            .AppendLine($"{texts["Profile.InvitedBy"]}: {(p.Referrer is { } r ? $"{Html(r.DisplayName)} (<code>{r.ReferralCode}</code>)" : none)}")
            .AppendLine($"{texts["Profile.Invited"]}: {p.ReferralCount}")
            .AppendLine($"{texts["Profile.MemberSince"]}: {Date(p.CreatedAt)}")
            .AppendLine($"{texts["Profile.PublicFields"]}: {(visible.Count > 0 ? string.Join(", ", visible) : none)}")
            .AppendLine()
            .Append($"{texts["Profile.PublicPage"]}: {Html(p.ProfileUrl)}");
        return text.ToString();
    }

    public static string Public(PublicProfileDto p, BotTexts texts)
    {
        var text = new StringBuilder().AppendLine($"👤 <b>{Html(p.DisplayName)}</b>");
        if (p.Username is { } username)
        {
            text.AppendLine("@" + Html(username));
        }

        if (p.Bio is { } bio)
        {
            text.AppendLine().AppendLine(Html(bio));
        }

        return text
            .AppendLine()
            .AppendLine($"{texts["Profile.ReferralCode"]}: <code>{p.ReferralCode}</code>")
            .AppendLine($"{texts["Profile.MemberSince"]}: {Date(p.MemberSince)}")
            .Append($"{texts["Profile.Page"]}: {Html(p.ProfileUrl)}")
            .ToString();
    }

    private static string Html(string? text) => BotContext.Html(text);

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
