using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Data;

namespace Uplink.Bot;

/// <summary>
/// The secret Telegram sends back in <c>X-Telegram-Bot-Api-Secret-Token</c> with each webhook call:
/// <c>Telegram:WebhookSecret</c>, or one generated once and kept in the data directory, so that a
/// restart (and every instance sharing the directory) keeps the webhook working.
/// </summary>
internal sealed class WebhookSecret(IOptions<BotOptions> options, DataDirectory data, ILogger<WebhookSecret> logger)
{
    private const string FileName = "telegram-webhook-secret";
    private readonly Lazy<string> _value = new(() => Resolve(options.Value, data, logger));

    public string Value => _value.Value;

    /// <summary>Constant-time comparison, so the answer's timing tells nothing about the secret.</summary>
    public bool Matches(string? candidate)
    {
        // Hashing first gives equal lengths, so not even the secret's length leaks.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(candidate ?? ""));
        return candidate is not null && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static string Resolve(BotOptions options, DataDirectory data, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.WebhookSecret))
        {
            return options.WebhookSecret;
        }

        var path = data.PathOf(FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept && BotOptions.IsWellFormedSecret(kept))
        {
            return kept;
        }

        // 32 random bytes in base64url: only characters Telegram accepts in a secret token.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        logger.LogInformation("Generated a webhook secret token and kept it in the data directory ({File})", FileName);
        return secret;
    }
}
