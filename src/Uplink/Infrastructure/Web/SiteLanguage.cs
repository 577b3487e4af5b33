using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Uplink.Bot;
using Uplink.Pages;

namespace Uplink.Infrastructure.Web;

/// <summary>
/// The site speaks the bot's languages (one <c>Texts.&lt;language&gt;.resx</c> each), chosen per page
/// request from Accept-Language with the bot's rules (<see cref="BotLanguages.Resolve"/>: "ru-RU" → ru,
/// uk and be → ru), English when none is spoken. Only Accept-Language: a query or cookie switch
/// would give one page several URLs, and canonical URLs stay one per page.
/// </summary>
internal static class SiteLanguage
{
    /// <summary>Browsers send a handful of languages; a longer list is not worth reading past this.</summary>
    private const int MaxLanguagesTried = 8;

    public static IServiceCollection AddSiteLanguage(this IServiceCollection services)
    {
        services.AddScoped<PageTexts>();
        services.AddOptions<RequestLocalizationOptions>().Configure<BotLanguages>((o, languages) =>
        {
            var cultures = languages.All.Select(t => t.Culture).ToList();
            var supported = new HashSet<string>(cultures.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            o.DefaultRequestCulture = new RequestCulture(languages.Default.Culture);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CustomRequestCultureProvider(c => Task.FromResult(FromAcceptLanguage(c.Request, supported)))];
        });
        return services;
    }

    /// <summary>
    /// After routing: pages (the error page re-executed included) get the request's culture and
    /// say that they vary by Accept-Language, so no cache hands a Russian page to an English reader.
    /// The API and the webhook keep the process culture.
    /// </summary>
    public static WebApplication UseSiteLanguage(this WebApplication app)
    {
        app.UseWhen(c => c.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null, page => page
            .Use((context, next) =>
            {
                var vary = context.Response.Headers.Vary;
                if (!vary.Any(v => v?.Contains(HeaderNames.AcceptLanguage, StringComparison.OrdinalIgnoreCase) == true))
                {
                    context.Response.Headers.Vary = Microsoft.Extensions.Primitives.StringValues.Concat(vary, HeaderNames.AcceptLanguage);
                }

                return next(context);
            })
            .UseRequestLocalization());
        return app;
    }

    /// <summary>The first language the browser asks for (by quality) that has texts, through its fallback if need be.</summary>
    private static ProviderCultureResult? FromAcceptLanguage(HttpRequest request, IReadOnlySet<string> supported)
    {
        var asked = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1) // a stable sort: equal qualities keep the browser's order
            .Take(MaxLanguagesTried);
        foreach (var language in asked)
        {
            // An empty default marks "no file for this one": the next language is tried before English.
            if (BotLanguages.Resolve(language.Value.Value, supported, "") is { Length: > 0 } culture)
            {
                return new ProviderCultureResult(culture);
            }
        }

        return null;
    }
}
