using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Pages;

/// <summary>The landing page says where to join: the bot, by name and link.</summary>
[Collection(nameof(SqliteHost))]
public sealed class LandingPageTests(SqliteHost host)
{
    [Fact]
    public async Task The_landing_page_names_the_bot_and_links_to_it()
    {
        using var client = host.App.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains($"@{FakeBotApi.BotUsername}", html);
        Assert.Contains($"<a href=\"https://t.me/{FakeBotApi.BotUsername}\">Open the bot</a>", html);
    }

    [Fact]
    public async Task Without_a_bot_token_the_landing_page_says_the_bot_is_not_connected_and_links_nowhere()
    {
        await using var app = new UplinkApp(telegram: null);
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("bot is not connected", html);
        Assert.DoesNotContain("t.me/", html);
    }
}
