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

    /// <summary>How long a login started on /login waits for its approval in the bot.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan LoginRequestTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the /login page may poll for the outcome (RFC 8628 <c>interval</c>); faster polls get <c>slow_down</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan LoginPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Oldest <c>auth_date</c> of a "Log in with Telegram" redirect that still signs in.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan WidgetMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Oldest <c>auth_date</c> of a Mini App's initData that still signs in.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MiniAppMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests per client address per minute to each sign-in route (/login and its parts, the widget, the Mini App).</summary>
    [Range(1, 1_000_000)]
    public int SignInPermitsPerMinute { get; set; } = 60;
}
