using System.Text.RegularExpressions;

namespace Uplink.Infrastructure.Observability;

/// <summary>
/// Finds secrets in text by their shape: values of secret query parameters (<c>?code=</c>,
/// <c>token</c>, <c>key</c>…), JWTs, login codes (UUID v4, the only UUIDs Uplink writes with
/// dashes) and Telegram bot tokens. Shapes, not known values: a code minted a second ago is caught too.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    /// <summary>The text with every secret masked; the same instance when there was none.</summary>
    public static string Redact(string text) => text.Length < 16 ? text : Secret().Replace(text, Mask);

    public static bool ContainsSecret(string text) => text.Length >= 16 && Secret().IsMatch(text);

    [GeneratedRegex(
        @"(?<=[?&;](?:code|token|access_token|id_token|refresh_token|key|api_key|apikey|secret|password|sig|signature)=)[^&#\s""'<>]+" +
        @"|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*" +
        @"|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}\b" +
        @"|\b\d{5,12}:[A-Za-z0-9_-]{30,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();
}
