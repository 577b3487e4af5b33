using System.ComponentModel.DataAnnotations;

namespace Uplink.Bot;

internal enum BotMode
{
    Polling,
    Webhook,

    /// <summary>Nothing is received; used by tests that post updates themselves.</summary>
    None,
}

/// <summary>The "Telegram" section.</summary>
internal sealed class BotOptions
{
    public const string SectionName = "Telegram";

    /// <summary>From @BotFather. Empty: the bot is off, the site and the API still run.</summary>
    public string? BotToken { get; set; }

    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    public BotMode Mode { get; set; } = BotMode.Polling;

    /// <summary>Long-polling timeout of getUpdates, in seconds.</summary>
    [Range(0, 50)]
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long the polling lease lasts unrenewed: with several instances one polls, and another
    /// takes over within this time when it dies. Renewed every third of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollingLeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay after a failed call to Telegram; doubled after each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed polls in a row after which polling stops (readiness turns Unhealthy); empty: never.</summary>
    [Range(1, int.MaxValue)]
    public int? MaxReconnectAttempts { get; set; }

    /// <summary>Webhook secret token (1–256 of A–Z, a–z, 0–9, _ and -); generated and kept in the data directory when empty.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How many chats are handled at once; updates of one chat are always handled in order.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>Updates received and waiting to be handled; a full webhook queue answers 503 so Telegram redelivers later.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>
    /// How long a webhook delivery waits for room in a full queue before it is answered 503: Telegram
    /// keeps at most max_connections deliveries open, so a short wait slows it down without refusals.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan WebhookQueueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long shutdown waits for updates being handled before giving them back to Telegram.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Per-attempt timeout of a Bot API call (getUpdates gets its long-poll time on top).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages sent per second over all chats (Telegram: about 30).</summary>
    [Range(1, 100_000)]
    public int MessagesPerSecond { get; set; } = 30;

    /// <summary>Least time between two messages to one chat (Telegram: about one a second).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ChatMessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per minute to one group or channel (Telegram: 20).</summary>
    [Range(1, 100_000)]
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>How long webhook update ids are remembered, so a redelivered update is handled once.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan WebhookDedupWindow { get; set; } = TimeSpan.FromDays(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken) && Mode != BotMode.None;

    /// <summary>The bot's id, the token's first part; keys what is stored per bot (offsets, update ids).</summary>
    public long BotId => BotToken?.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon &&
        long.TryParse(BotToken.AsSpan(0, colon), out var id) ? id : 0;

    /// <summary>409 Conflict is retried quickly for about one long poll: a redeployed instance's old poller stops by then.</summary>
    public TimeSpan ConflictWindow => TimeSpan.FromSeconds(Math.Max(PollingTimeoutSeconds, 5));

    /// <summary>How long a getUpdates call may take: the long poll plus a margin; longer means the connection hangs.</summary>
    public TimeSpan GetUpdatesTimeout => TimeSpan.FromSeconds(PollingTimeoutSeconds + 10);

    /// <summary>Telegram tokens look like <c>123456:AA…</c>; Telegram.Bot reads the bot id from the first part.</summary>
    public static bool IsWellFormedToken(string? token) =>
        string.IsNullOrWhiteSpace(token) ||
        (token.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon &&
         long.TryParse(token.AsSpan(0, colon), out _) &&
         colon < token.Length - 1 &&
         !token.AsSpan(colon + 1).ContainsAnyExcept(TokenSecretChars));

    /// <summary>What Telegram accepts as a webhook secret token.</summary>
    public static bool IsWellFormedSecret(string? secret) =>
        string.IsNullOrEmpty(secret) || (secret.Length <= 256 && !secret.AsSpan().ContainsAnyExcept(TokenSecretChars));

    private static readonly System.Buffers.SearchValues<char> TokenSecretChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
}
