namespace Uplink.Bot;

/// <summary>The two languages the bot speaks, picked from Telegram's <c>language_code</c>.</summary>
internal enum BotLanguage
{
    English,
    Russian,
}

internal static class BotLanguages
{
    public static BotLanguage From(string? languageCode)
    {
        var primary = languageCode?.Split('-', 2)[0].ToLowerInvariant();
        return primary is "ru" or "uk" or "be" ? BotLanguage.Russian : BotLanguage.English;
    }

    public static string Pick(this BotLanguage language, string english, string russian) =>
        language == BotLanguage.Russian ? russian : english;
}
