using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Uplink.Tests.Infrastructure.FakeTelegram;

/// <summary>The fake is only worth its tests if it refuses what Telegram refuses.</summary>
public sealed class FakeBotApiTests : IAsyncLifetime
{
    private FakeBotApi _api = null!;
    private TelegramBotClient _bot = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _bot = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, _api.BaseUrl.ToString()));
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("http://localhost:5080/auth/callback?code=x")]
    [InlineData("http://127.0.0.1:5080/u/UP-ABC123")]
    [InlineData("http://[::1]/")]
    [InlineData("http://intranet/")]
    public async Task Url_buttons_to_localhost_or_bare_addresses_are_refused_like_telegram(string url)
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(1, "hi",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl("Open", url))));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("Wrong HTTP URL", error.Message);
    }

    [Theory]
    [InlineData("<b>bold</i>")]
    [InlineData("a < b")]
    [InlineData("fish & chips")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Malformed_html_is_refused_like_telegram(string text)
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(1, text, ParseMode.Html));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("can't parse entities", error.Message);
    }

    [Fact]
    public async Task Well_formed_html_and_public_url_buttons_are_accepted()
    {
        await _bot.SendMessage(1, "<b>Hi</b> &lt;you&gt; &amp; &#39;friends&#39;", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl("Open", "https://uplink.example.org/u/UP-ABC123")));

        var sent = Assert.Single(_api.Messages);
        Assert.Equal("Hi <you> & 'friends'", sent.Plain);
    }

    [Fact]
    public async Task Updates_below_the_offset_are_confirmed_and_never_delivered_again()
    {
        var user = _api.NewUser("Ann");
        var first = user.Push("/start");
        var second = user.Push("/help");

        var both = await _bot.GetUpdates();
        var afterFirst = await _bot.GetUpdates(offset: first + 1);
        var none = await _bot.GetUpdates(offset: second + 1, timeout: 0);

        Assert.Equal([first, second], both.Select(u => u.Id));
        Assert.Equal([second], afterFirst.Select(u => u.Id));
        Assert.Empty(none);
    }
}
