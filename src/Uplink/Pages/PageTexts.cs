using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Uplink.Bot;

namespace Uplink.Pages;

/// <summary>
/// The site's texts in the request's language: the bot's resource files (keys <c>Page.*</c>) read
/// through the bot's <see cref="BotTexts"/>, for the culture the request localization chose
/// (<see cref="Infrastructure.Web.SiteLanguage"/>). Views have it as <c>T</c> (<c>_ViewImports.cshtml</c>).
/// </summary>
internal sealed class PageTexts(BotLanguages languages, HtmlEncoder encoder)
{
    /// <summary>The request's texts; the middleware set the UI culture before any page model or view is made.</summary>
    public BotTexts Texts { get; } = languages.For(CultureInfo.CurrentUICulture.Name);

    /// <summary>The page's language, for <c>&lt;html lang&gt;</c>.</summary>
    public string Language => Texts.Culture.Name;

    /// <summary>A plain text; Razor encodes it where it is written.</summary>
    public string this[string key] => Texts[key];

    public string this[string key, params object[] arguments] => Texts[key, arguments];

    /// <summary>
    /// A text written with its markup (<c>&lt;code&gt;</c>, links): the resource is ours, so it is
    /// trusted; every value filled in is encoded, unless it is markup the view built.
    /// </summary>
    public IHtmlContent Html(string key, params object[] arguments) => new HtmlString(
        arguments.Length == 0 ? Texts[key] : Texts[key, [.. arguments.Select(Encode)]]);

    private string Encode(object value)
    {
        if (value is IHtmlContent html)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            html.WriteTo(writer, encoder);
            return writer.ToString();
        }

        return encoder.Encode(Convert.ToString(value, Texts.Culture) ?? "");
    }
}
