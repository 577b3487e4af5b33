using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

[Collection(nameof(SqliteHost))]
public sealed class SecretsInLogsTests(SqliteHost host)
{
    [Fact]
    public async Task The_bot_token_never_reaches_a_log_line()
    {
        // A journey that also goes through failures, whose exceptions are logged.
        var user = host.Telegram.NewUser("Logger");
        host.Telegram.SetProfilePhoto(user.Id, [0xFF, 0xD8, 0xFF, 0xD9]);
        await user.SendAsync("/start");
        host.Telegram.FailNext("getUpdates", 502, "Bad Gateway");
        host.Telegram.FailNext("sendMessage", 400, "Bad Request: nope");
        await user.SendAsync("/profile");
        await user.SendAsync("/profile");

        var secret = FakeBotApi.Token.Split(':')[1];
        var records = host.App.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var line = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState ?? [])}";
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }
}
