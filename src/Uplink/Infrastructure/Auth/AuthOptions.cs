using System.ComponentModel.DataAnnotations;

namespace Uplink.Infrastructure.Auth;

/// <summary>The "Auth" section: one-time access codes, JWTs and the service key.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessCodeTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Live codes one member may hold; a new one retires the oldest.</summary>
    [Range(1, 100)]
    public int MaxLiveCodesPerMember { get; set; } = 5;

    /// <summary>HMAC key for HS256, at least 32 bytes. Unset: generated at first start and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "uplink";

    [Required]
    public string Audience { get; set; } = "uplink";

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Allowed clock difference with other servers; at most 30 s (the framework's default is 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Key of trusted services for POST /api/auth/code/generate; unset, that endpoint does not exist.</summary>
    public string? ServiceApiKey { get; set; }

    /// <summary>Code redemptions allowed per client address per minute.</summary>
    [Range(1, 1_000_000)]
    public int RedeemPermitsPerMinute { get; set; } = 20;

    /// <summary>Requests with a wrong <c>X-Api-Key</c> allowed per client address per minute; a right key is never limited.</summary>
    [Range(1, 1_000_000)]
    public int WrongKeyPermitsPerMinute { get; set; } = 10;
}
