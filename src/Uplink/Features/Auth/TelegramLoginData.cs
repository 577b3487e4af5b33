using System.Security.Cryptography;
using System.Text;

namespace Uplink.Features.Auth;

/// <summary>
/// Checks data Telegram signed for this bot, as Telegram documents it: the data-check-string is
/// every received field but <c>hash</c>, sorted by key, as <c>key=value</c> lines joined by "\n";
/// its HMAC-SHA-256 must equal <c>hash</c> (compared in constant time). Only the secret key differs:
/// SHA-256 of the bot token for the login widget, HMAC-SHA-256 of the token keyed "WebAppData" for
/// a Mini App's initData.
/// </summary>
internal static class TelegramLoginData
{
    public static byte[] WidgetKey(string botToken) => SHA256.HashData(Encoding.UTF8.GetBytes(botToken));

    public static byte[] MiniAppKey(string botToken) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));

    public static string DataCheckString(IEnumerable<KeyValuePair<string, string>> fields) => string.Join('\n', fields
        .Where(f => f.Key != "hash")
        .OrderBy(f => f.Key, StringComparer.Ordinal)
        .Select(f => $"{f.Key}={f.Value}"));

    /// <summary>The hex hash Telegram would send for <paramref name="fields"/> under <paramref name="secretKey"/>.</summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, byte[] secretKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(DataCheckString(fields))));

    public static bool HasValidHash(IReadOnlyDictionary<string, string> fields, byte[] secretKey)
    {
        if (!fields.TryGetValue("hash", out var hash) || hash.Length != 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(hash);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(DataCheckString(fields)));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>Whether <c>auth_date</c> (Unix seconds) is no older than <paramref name="maxAge"/> and not in the future.</summary>
    public static bool IsFresh(IReadOnlyDictionary<string, string> fields, TimeSpan maxAge, DateTimeOffset now) =>
        fields.TryGetValue("auth_date", out var raw) &&
        long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) &&
        seconds <= now.ToUnixTimeSeconds() + 60 && // a minute of clock difference with Telegram
        now - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, now.ToUnixTimeSeconds())) <= maxAge;
}
