using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Uplink.Infrastructure.Auth;

internal sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, int ExpiresIn);

/// <summary>Issues HS256 JWTs with Microsoft's JsonWebTokenHandler; each belongs to one web session.</summary>
internal sealed class TokenService(SigningKey key, IOptions<AuthOptions> options)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedToken Issue(long memberId, string sessionId, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var o = options.Value;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = memberId.ToString(CultureInfo.InvariantCulture),
                [CurrentUser.SessionClaim] = sessionId,
                [JwtRegisteredClaimNames.Jti] = Guid.CreateVersion7(issuedAt).ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expiresAt, (int)Math.Round((expiresAt - issuedAt).TotalSeconds));
    }
}
