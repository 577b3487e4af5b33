using System.Net;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

public sealed class BotOffTests
{
    [Fact]
    public async Task Without_a_token_the_bot_is_off_and_the_site_and_api_still_run()
    {
        await using var app = new UplinkApp(telegram: null);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/users/UP-000000")).StatusCode);
        Assert.Single(app.Logs.GetSnapshot(), r => r.Message.Contains("the bot is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_token_stops_the_start_with_a_clear_message()
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Telegram:BotToken"] = "not a token" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Telegram:BotToken must look like", error.ToString(), StringComparison.Ordinal);
    }
}
