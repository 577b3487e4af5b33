using Microsoft.AspNetCore.Diagnostics;
using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;

namespace Uplink.Infrastructure.Web;

/// <summary>
/// The headers a security review expects on every answer, pages and API alike, set by
/// NetEscapades.AspNetCore.SecurityHeaders: a Content-Security-Policy that runs no inline script or
/// style (pages load /css/site.css), nosniff, a referrer policy, HSTS on https (the library skips
/// it on http), and no framing — except under <c>/app</c>, kept for a Telegram Mini App, which
/// Telegram's web clients may frame.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Where a Telegram Mini App will live; only these pages may be framed, and only by Telegram.</summary>
    public const string MiniAppPath = "/app";

    private static readonly string[] TelegramOrigins = ["https://web.telegram.org", "https://*.telegram.org"];

    public static IServiceCollection AddUplinkSecurityHeaders(this IServiceCollection services)
    {
        // The library sets every header of the policy, over any the endpoint set; login answers set
        // Referrer-Policy: no-referrer themselves (their URLs hold codes), so a variant leaves it be.
        var site = Policy(frameAncestors: null, referrer: true);
        var siteOwnReferrer = Policy(frameAncestors: null, referrer: false);
        var miniApp = Policy(TelegramOrigins, referrer: true);
        var miniAppOwnReferrer = Policy(TelegramOrigins, referrer: false);
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(site)
            .SetPolicySelector(c =>
            {
                var ownReferrer = c.HttpContext.Response.Headers.ContainsKey("Referrer-Policy");
                return RequestedPath(c.HttpContext).StartsWithSegments(MiniAppPath)
                    ? ownReferrer ? miniAppOwnReferrer : miniApp
                    : ownReferrer ? siteOwnReferrer : site;
            });
        return services;
    }

    // An error page re-executed for /app/… answers for /app/….
    private static PathString RequestedPath(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? context.Request.Path;

    private static HeaderPolicyCollection Policy(string[]? frameAncestors, bool referrer)
    {
        var policy = new HeaderPolicyCollection();
        if (frameAncestors is null)
        {
            policy.AddFrameOptionsDeny();
        }

        if (referrer)
        {
            policy.AddReferrerPolicyStrictOriginWhenCrossOrigin();
        }

        return policy
            .AddContentTypeOptionsNoSniff()
            .AddStrictTransportSecurityMaxAge(maxAgeInSeconds: 365 * 24 * 60 * 60)
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddPermissionsPolicyWithDefaultSecureDirectives()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                // Event pages show the organiser's picture from wherever the event links it.
                csp.AddImgSrc().Self().From("https:");
                csp.AddObjectSrc().None();
                csp.AddBaseUri().None();
                csp.AddFormAction().Self();
                var ancestors = csp.AddFrameAncestors();
                if (frameAncestors is null)
                {
                    ancestors.None();
                }
                else
                {
                    ancestors.Self().From(frameAncestors);
                }
            });
    }
}
