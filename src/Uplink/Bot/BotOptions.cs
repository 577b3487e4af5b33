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

    /// <summary>First delay after a failed call to Telegram; doubled after each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken) && Mode != BotMode.None;

    /// <summary>Telegram tokens look like <c>123456:AA…</c>; Telegram.Bot reads the bot id from the first part.</summary>
    public static bool IsWellFormedToken(string? token) =>
        string.IsNullOrWhiteSpace(token) ||
        (token.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon &&
         long.TryParse(token.AsSpan(0, colon), out _) &&
         colon < token.Length - 1 &&
         !token.AsSpan(colon + 1).ContainsAnyExcept(TokenSecretChars));

    private static readonly System.Buffers.SearchValues<char> TokenSecretChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
}
