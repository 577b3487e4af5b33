using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Web;

namespace Uplink.Bot;

/// <summary>
/// Webhook mode needs a <c>Site:PublicUrl</c> Telegram will deliver to: https, on port 443, 80, 88 or
/// 8443, at a public host name (an IP address would need a self-signed certificate uploaded with
/// setWebhook, which Uplink does not do). Refused at start with the reason, instead of retrying
/// setWebhook forever. A local Bot API server (<c>telegram-bot-api --local</c>) delivers to any URL,
/// so the rule holds only while <c>Telegram:ApiBaseUrl</c> is Telegram's own server.
/// </summary>
internal sealed class WebhookUrlRule(IOptions<SiteOptions> site) : IValidateOptions<BotOptions>
{
    private const string TelegramApiHost = "api.telegram.org";
    private static readonly int[] WebhookPorts = [443, 80, 88, 8443];

    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        if (options.Mode != BotMode.Webhook || string.IsNullOrWhiteSpace(options.BotToken) || !options.ApiBaseUrl.IsAbsoluteUri ||
            !string.Equals(options.ApiBaseUrl.IdnHost, TelegramApiHost, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Skip;
        }

        var url = site.Value.PublicUrl;
        return ProblemWith(url) is { } problem
            ? ValidateOptionsResult.Fail($"Telegram:Mode=Webhook needs a Site:PublicUrl that Telegram can reach, and {url} {problem}.")
            : ValidateOptionsResult.Success;
    }

    private static string? ProblemWith(Uri url) =>
        url.Scheme != Uri.UriSchemeHttps ? "is not https" :
        !SiteUrls.IsPublicHost(url) ? "is not at a public host name (localhost and IP addresses are refused)" :
        !WebhookPorts.Contains(url.Port) ? "is on a port other than 443, 80, 88 and 8443" :
        null;
}
