using System.Globalization;
using System.Text;
using Uplink.Bot;

namespace Uplink.Features.Members;

/// <summary>The bot's rendering of the two profile views; all member text is HTML-escaped.</summary>
internal static class ProfileTexts
{
    public static string Private(PrivateProfileDto p, BotLanguage lang)
    {
        var none = lang.Pick("—", "—");
        var visible = new List<string>();
        if (p.PublicFields.LastName) visible.Add(lang.Pick("last name", "фамилия"));
        if (p.PublicFields.Username) visible.Add(lang.Pick("username", "имя пользователя"));
        if (p.PublicFields.Bio) visible.Add(lang.Pick("bio", "о себе"));
        if (p.PublicFields.Photo) visible.Add(lang.Pick("photo", "фото"));

        var text = new StringBuilder()
            .AppendLine(lang.Pick("👤 <b>Your profile</b> (only you see this)", "👤 <b>Ваш профиль</b> (видите только вы)"))
            .AppendLine()
            .AppendLine($"{lang.Pick("Name", "Имя")}: {Html(p.FirstName)} {Html(p.LastName)}".TrimEnd())
            .AppendLine($"{lang.Pick("Username", "Имя пользователя")}: {(p.Username is { } u ? "@" + Html(u) : none)}")
            .AppendLine($"Telegram ID: <code>{p.TelegramUserId}</code>")
            .AppendLine($"{lang.Pick("Language", "Язык")}: {Html(p.LanguageCode ?? none)}")
            .AppendLine($"{lang.Pick("Bio", "О себе")}: {(p.Bio is { } b ? Html(b) : none)}")
            .AppendLine($"{lang.Pick("Referral code", "Реферальный код")}: <code>{p.ReferralCode}</code>")
            .AppendLine($"{lang.Pick("Invited by", "Пригласил(а)")}: {(p.Referrer is { } r ? $"{Html(r.DisplayName)} (<code>{r.ReferralCode}</code>)" : none)}")
            .AppendLine($"{lang.Pick("Members you invited", "Приглашено вами")}: {p.ReferralCount}")
            .AppendLine($"{lang.Pick("Member since", "Участник с")}: {Date(p.CreatedAt)}")
            .AppendLine($"{lang.Pick("Public fields", "Видно всем")}: {(visible.Count > 0 ? string.Join(", ", visible) : none)}")
            .AppendLine()
            .Append($"{lang.Pick("Public page", "Публичная страница")}: {Html(p.ProfileUrl)}");
        return text.ToString();
    }

    public static string Public(PublicProfileDto p, BotLanguage lang)
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
            .AppendLine($"{lang.Pick("Referral code", "Реферальный код")}: <code>{p.ReferralCode}</code>")
            .AppendLine($"{lang.Pick("Member since", "Участник с")}: {Date(p.MemberSince)}")
            .Append($"{lang.Pick("Page", "Страница")}: {Html(p.ProfileUrl)}")
            .ToString();
    }

    private static string Html(string? text) => BotContext.Html(text);

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
