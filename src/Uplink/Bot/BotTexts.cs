using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Uplink.Bot;

/// <summary>
/// The texts in one language, from <c>Resources/Texts.&lt;language&gt;.resx</c>: <c>texts["Start.Welcome", community, name]</c>.
/// Bound to its culture rather than read from the thread's, so a text meant for another member
/// (a referral notice, a reminder, a login notice) is in that member's language whatever update
/// is being handled. Values are filled in as they are given: HTML-escape user text first.
/// </summary>
internal sealed class BotTexts(IStringLocalizer localizer, CultureInfo culture)
{
    public CultureInfo Culture => culture;

    /// <summary>
    /// The culture dates are written in: the file's <c>Dates.Culture</c> when it is a variant of
    /// this language (English names months as en-GB does), else the language itself.
    /// </summary>
    public CultureInfo DateCulture => field ??=
        CultureInfo.GetCultureInfo(this["Dates.Culture"]) is var dates && dates.TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName
            ? dates
            : culture;

    public string this[string key] => Get(key, null);

    public string this[string key, params object[] arguments] => Get(key, arguments);

    private string Get(string key, object[]? arguments)
    {
        // IStringLocalizer reads the thread's UI culture: lend it this one for the lookup only.
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            // Only texts given values are formatted, so a brace in any other text stays a brace.
            return arguments is null ? localizer[key] : localizer[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
