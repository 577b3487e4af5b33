using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Uplink.Infrastructure.Web;

internal static class WebExtensions
{
    /// <summary>Largest request body accepted anywhere; Telegram updates and API calls are far smaller.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddUplinkWeb(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "http" or "https",
                "Site:PublicUrl must be an absolute http(s) URL.")
            .Validate(o => o.WebAppUrl is null || (o.WebAppUrl.IsAbsoluteUri && o.WebAppUrl.Scheme is "http" or "https"),
                "Site:WebAppUrl must be an absolute http(s) URL (or unset, for this site).")
            .ValidateOnStart();
        services.AddSingleton<SiteUrls>();
        services.AddSingleton(TimeProvider.System);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        // The seed's API spoke snake_case (access_token, user_id); Uplink keeps its clients working.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRazorPages();
        // Razor encodes every non-ASCII character by default (&#x418;…); names in any script read
        // better as they are. HTML-significant characters are still encoded.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHealthChecks();
        services.AddUplinkSecurityHeaders();
        services.AddSiteLanguage();
        return services;
    }

    public static WebApplication UseUplinkWeb(this WebApplication app)
    {
        // First, so that every answer carries them, error pages and refusals included.
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseContentTypeGuard();
        // API paths answer errors as problem+json; site paths get the HTML error page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"),
            site => site.UseStatusCodePagesWithReExecute("/error/{0}"));
        // Scripts and styles are files (wwwroot), since pages carry no inline script. The sandbox serves its
        // own files, behind its loopback check (Sandbox/SandboxExtensions.cs).
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/sandbox"), site => site.UseStaticFiles());
        // Routing after the status code pages, so that a re-executed request is routed again.
        app.UseRouting();
        app.UseSiteLanguage();
        // Stored pages (Features/Members/ProfilePageCache.cs) vary by language and are the same for every
        // visitor, so they are served right after the language is known, before CORS, limits and sign-in.
        app.UseOutputCache();
        return app;
    }

    public static WebApplication MapUplinkWeb(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        // Each check's status and data, so a supervisor sees why (a bot backing off, since when, next attempt).
        // Degraded still answers 200: the site works while the bot reconnects.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapRazorPages();
        return app;
    }
}
