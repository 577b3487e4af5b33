using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Uplink.Infrastructure.Auth;

/// <summary>Reads Uplink's claims: the member id (<c>sub</c>) and the web session (<c>sid</c>).</summary>
internal static class CurrentUser
{
    public const string SessionClaim = "sid";

    public static long? MemberId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);
}
