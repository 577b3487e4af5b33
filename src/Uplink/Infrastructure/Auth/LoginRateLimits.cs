using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Uplink.Infrastructure.Auth;

/// <summary>
/// Limits on every route that spends or checks a login secret, per client address, beside the
/// API's <see cref="AuthExtensions.RedeemPolicy"/>: the site's login form, and wrong service keys
/// anywhere. Also keeps JwtBearer's error descriptions out of <c>WWW-Authenticate</c> outside Development.
/// </summary>
internal static class LoginRateLimits
{
    /// <summary>The site's <c>/auth/callback</c> form: its POSTs spend codes; its GETs never do and are not counted.</summary>
    public const string SiteLoginPolicy = "site-login";

    public static IServiceCollection AddLoginRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.AddPerClientPolicy(SiteLoginPolicy, _ => auth.Value.RedeemPermitsPerMinute,
                counts: context => HttpMethods.IsPost(context.Request.Method));

            // Wrong keys are what guessing looks like: they are counted per client on every route, while a
            // right key (a trusted service) is never throttled, whoever else is failing. Requests without
            // a key guess nothing and are not counted. A global limiter reaches every keyed route
            // (code generation, event administration) without each having to opt in.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Headers[ApiKeyHandler.HeaderName] is [{ } key] && !string.IsNullOrEmpty(auth.Value.ServiceApiKey) &&
                ApiKeyHandler.KeyMatches(key, auth.Value.ServiceApiKey)
                    ? RateLimitPartition.GetNoLimiter("")
                    : context.Request.Headers.ContainsKey(ApiKeyHandler.HeaderName)
                        ? ClientRateLimits.Partition(context, "wrong-key", auth.Value.WrongKeyPermitsPerMinute)
                        : RateLimitPartition.GetNoLimiter(""));
        });

        // The reasons a token was refused ("The signature key was not found"…) help a developer and an attacker alike.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHostEnvironment>((o, environment) => o.IncludeErrorDetails = environment.IsDevelopment());
        return services;
    }
}
