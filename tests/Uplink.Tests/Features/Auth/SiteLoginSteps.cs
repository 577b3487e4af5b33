using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>Steps the tests of logins started on the site share: read the page, answer in the bot, poll.</summary>
internal static partial class SiteLoginSteps
{
    /// <summary>The request id in the page's t.me link and the match code the page shows.</summary>
    public static (string Id, string MatchCode) ReadLoginPage(string html)
    {
        var id = StartLink().Match(html) is { Success: true } link ? link.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"No t.me login link on the page: {html}");
        var code = MatchCode().Match(html) is { Success: true } match ? match.Groups[1].Value
            : throw new Xunit.Sdk.XunitException("No match code on the page");
        return (id, code);
    }

    public static string IdInLink(string href) => StartLink().Match(href).Groups[1].Value;

    /// <summary>The member opens the page's link in Telegram; returns the confirmation with its buttons.</summary>
    public static Task<SentMessage> OpenLoginLinkAsync(this TelegramUser user, string requestId) =>
        user.SendAsync($"/start login_{requestId}", m => m.CallbackData.Any(d => d.StartsWith("/loginpick", StringComparison.Ordinal)));

    /// <summary>The callback data of the button labelled <paramref name="label"/>.</summary>
    public static string Button(this SentMessage message, string label) =>
        message.Buttons.SelectMany(r => r).Single(b => b["text"]!.GetValue<string>() == label)["callback_data"]!.GetValue<string>();

    /// <summary>The match-code buttons (not Deny).</summary>
    public static IReadOnlyList<string> MatchCodes(this SentMessage message) =>
        message.Buttons[0].Select(b => b["text"]!.GetValue<string>()).ToList();

    /// <summary>POST /login/poll; the RFC 8628 error (or "ok") and the interval it names.</summary>
    public static async Task<(HttpStatusCode Status, string Error, int Interval)> PollAsync(this HttpClient client)
    {
        using var response = await client.PostAsync("/login/poll", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? (response.StatusCode, "ok", 0)
            : (response.StatusCode, body.GetProperty("error").GetString()!, body.GetProperty("interval").GetInt32());
    }

    [GeneratedRegex(@"https://t\.me/uplink_test_bot\?start=login_([A-Za-z0-9_-]{22})")]
    private static partial Regex StartLink();

    [GeneratedRegex(@"id=""match-code""[^>]*>(\d{2})<")]
    private static partial Regex MatchCode();
}
