using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Uplink.Tests.Infrastructure;

/// <summary>Tokens made the way an attacker (or a careless client) would, for the JWT tests.</summary>
public static class TestJwt
{
    public const string SigningKey = "test-signing-key-that-is-at-least-32-bytes-long!";

    public static string Sign(
        IDictionary<string, object> claims, string key = SigningKey, string issuer = "uplink", string audience = "uplink",
        DateTime? expires = null, DateTime? issuedAt = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ?? now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The claims of a real token, to forge variations of it.</summary>
    public static Dictionary<string, object> ClaimsOf(string token)
    {
        var jwt = new JsonWebToken(token);
        return new Dictionary<string, object>
        {
            ["sub"] = jwt.Subject,
            ["sid"] = jwt.GetClaim("sid").Value,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    /// <summary>The same payload with "alg": "none" and no signature.</summary>
    public static string WithAlgNone(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return $"{header}.{parts[1]}.";
    }

    /// <summary>The payload changed after signing (another member id), signature kept.</summary>
    public static string Tampered(string token, long otherMemberId)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]);
        var sub = new JsonWebToken(token).Subject;
        var forged = payload.Replace($"\"sub\":\"{sub}\"", $"\"sub\":\"{otherMemberId.ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(forged)}.{parts[2]}";
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
