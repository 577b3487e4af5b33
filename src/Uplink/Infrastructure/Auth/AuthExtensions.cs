using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Uplink.Infrastructure.Auth;

internal static class AuthExtensions
{
    public const string RedeemPolicy = "redeem";

    /// <summary>Each sign-in route (/login, its status and events, the widget, the Mini App), per client address.</summary>
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddUplinkAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            // Checked here, not when the first token is signed: a short key would otherwise let the
            // service report "started" and then answer 500 on every path, /health included.
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || Encoding.UTF8.GetByteCount(o.SigningKey) >= SigningKey.MinimumBytes,
                $"Auth:SigningKey must be at least {SigningKey.MinimumBytes} bytes long (or unset, to generate one).")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ReadCommaSeparated(configuration))
            .Validate(o => o.Malformed.Count == 0 && o.TelegramIds.All(id => id > 0),
                "Admin:TelegramIds must be Telegram user ids (positive numbers).")
            .ValidateOnStart();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenService>();

        // JwtBearer stays the default: the key's scheme is consulted only by the policy that names it.
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddOptions<ApiKeyOptions>(ApiKeyHandler.SchemeName)
            .Configure<IOptions<AuthOptions>>((o, auth) => o.Key = auth.Value.ServiceApiKey);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, IOptions<AuthOptions>>((o, key, auth) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    // Pinned: a token naming another algorithm (or "none") is refused before its signature is read.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = auth.Value.ClockSkew,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    NameClaimType = "sub",
                };
                o.Events = new JwtBearerEvents
                {
                    // Pages send the token in the session cookie; API clients in the Authorization header.
                    OnMessageReceived = context =>
                    {
                        if (string.IsNullOrEmpty(context.Request.Headers.Authorization) &&
                            context.Request.Cookies.TryGetValue(SessionCookie.Name, out var cookie))
                        {
                            context.Token = cookie;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var principal = context.Principal!;
                        var validator = context.HttpContext.RequestServices.GetRequiredService<ISessionValidator>();
                        if (principal.SessionId() is not { } session || principal.MemberId() is not { } member ||
                            !await validator.IsActiveAsync(session, member, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The session has ended.");
                        }
                    },
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Service, p => p
                .AddAuthenticationSchemes(ApiKeyHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(ApiKeyHandler.ServiceRole));
        services.ConfigureAll<OpenApiOptions>(o => o.AddSecurityDescriptions());

        services.AddRateLimiter(o =>
        {
            // The framework answers 503 by default; 429 with Retry-After is what clients expect.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                // Redis-backed leases carry no Retry-After; a whole window is then the honest upper bound.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : ClientRateLimits.Window;
                context.HttpContext.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

                return ValueTask.CompletedTask;
            };
            o.AddPerClientPolicy(RedeemPolicy, sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value.RedeemPermitsPerMinute);
            o.AddPerClientPolicy(SignInPolicy, sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value.SignInPermitsPerMinute);
        });
        return services;
    }

    public static WebApplication UseUplinkAuth(this WebApplication app)
    {
        // Limits first: a guessed service key is refused by authorization, and must be counted before that.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
