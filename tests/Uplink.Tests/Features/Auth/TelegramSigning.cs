using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>Signs data the way Telegram does for the test bot's token (core.telegram.org/widgets/login, /bots/webapps).</summary>
internal static class TelegramSigning
{
    /// <summary>The login widget's redirect query: the fields plus <c>hash</c>.</summary>
    public static Dictionary<string, string> Widget(long id, string firstName, DateTimeOffset authDate, string? username = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["first_name"] = firstName,
            ["auth_date"] = authDate.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (username is not null)
        {
            fields["username"] = username;
        }

        fields["hash"] = Hash(fields, SHA256.HashData(Encoding.UTF8.GetBytes(FakeBotApi.Token)));
        return fields;
    }

    /// <summary>A Mini App's raw initData string, as <c>window.Telegram.WebApp.initData</c> holds it.</summary>
    public static string InitData(long id, string firstName, DateTimeOffset authDate, string token = FakeBotApi.Token,
        Action<Dictionary<string, string>>? afterSigning = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["query_id"] = "AAHdF6IQAAAAAN0XohDhrOrc",
            ["user"] = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["id"] = id, ["first_name"] = firstName, ["language_code"] = "en", ["allows_write_to_pm"] = true,
            }),
            ["auth_date"] = authDate.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(token));
        fields["hash"] = Hash(fields, secret);
        afterSigning?.Invoke(fields);
        return Query(fields);
    }

    public static string Query(IReadOnlyDictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));

    private static string Hash(Dictionary<string, string> fields, byte[] secret)
    {
        var checkString = string.Join('\n', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(checkString)));
    }
}
