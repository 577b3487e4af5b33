using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Uplink.Infrastructure.Auth;

/// <summary>The key trusted services send in <c>X-Api-Key</c>; empty, no request carries it.</summary>
internal sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public string? Key { get; set; }
}

/// <summary>
/// Authenticates a trusted service by its <c>X-Api-Key</c>. It runs only where a policy names its
/// scheme (<see cref="AuthPolicies.Service"/>): the default scheme stays JwtBearer, so a member's
/// token never stands in for the key, nor the key for a member.
/// </summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ServiceRole = "service";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var provided))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The message goes to the log: it must never quote the key, sent or expected.
        if (string.IsNullOrEmpty(Options.Key) || !KeyMatches(provided.ToString(), Options.Key))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, ServiceRole)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>
    /// 401 with <c>WWW-Authenticate: ApiKey</c> and a problem body like the API's other errors.
    /// A key that is right but not enough (a future policy) gets the base class's 403.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Missing or wrong API key" },
        });
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    internal static bool KeyMatches(string provided, string expected) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(provided)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
