using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Features.Auth;

/// <summary>
/// Sign-in from data Telegram signed: the login widget's redirect to /auth/telegram and a Mini
/// App's initData at /api/auth/webapp. Only what Telegram signed for this bot, recently, gets in.
/// </summary>
[Collection(nameof(SqliteHost))]
public sealed class TelegramSignInTests(SqliteHost host)
{
    private static long _nextId = 880_000_000;

    private HttpClient Browser() => host.App.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
    });

    [Fact]
    public async Task A_correctly_signed_widget_redirect_registers_the_visitor_and_logs_in()
    {
        using var browser = Browser();
        var id = Interlocked.Increment(ref _nextId);
        var fields = TelegramSigning.Widget(id, "Wanda", DateTimeOffset.UtcNow.AddMinutes(-1), "wanda");

        using var response = await browser.GetAsync("/auth/telegram?" + TelegramSigning.Query(fields));
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/users/me");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/me", response.Headers.Location?.OriginalString);
        Assert.Equal(id, me.GetProperty("telegram_user_id").GetInt64());
        Assert.Equal("wanda", me.GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("forged hash")]
    [InlineData("changed field")]
    [InlineData("stale")]
    public async Task A_widget_redirect_that_is_forged_changed_or_stale_gets_a_page_and_no_session(string flaw)
    {
        using var browser = Browser();
        var fields = TelegramSigning.Widget(Interlocked.Increment(ref _nextId), "Mallory",
            flaw == "stale" ? DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(-1) : DateTimeOffset.UtcNow);
        switch (flaw)
        {
            case "forged hash": fields["hash"] = new string('a', 64); break;
            case "changed field": fields["first_name"] = "Alice"; break;
        }

        using var response = await browser.GetAsync("/auth/telegram?" + TelegramSigning.Query(fields));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(flaw == "stale" ? "too old" : "could not be verified", page);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out _));
    }

    [Fact]
    public async Task Mini_app_init_data_signed_with_the_bot_token_signs_in_with_a_bearer_token()
    {
        using var client = host.App.CreateClient();
        var id = Interlocked.Increment(ref _nextId);

        using var response = await client.PostAsJsonAsync("/api/auth/webapp",
            new { init_data = TelegramSigning.InitData(id, "Mia", DateTimeOffset.UtcNow.AddSeconds(-30)) });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(body.GetProperty("access_token").GetString()!);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("Mia", body.GetProperty("user").GetProperty("first_name").GetString());
        Assert.Equal(id, me.GetProperty("telegram_user_id").GetInt64());
    }

    public static TheoryData<string> Flaws => ["forged", "tampered", "stale", "empty"];

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Mini_app_init_data_that_is_forged_tampered_or_stale_gets_401(string flaw)
    {
        using var client = host.App.CreateClient();
        var id = Interlocked.Increment(ref _nextId);
        var initData = flaw switch
        {
            "forged" => TelegramSigning.InitData(id, "Mallory", DateTimeOffset.UtcNow, token: "987654321:another-bot-token"),
            "tampered" => TelegramSigning.InitData(id, "Mallory", DateTimeOffset.UtcNow,
                afterSigning: f => f["user"] = f["user"].Replace(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", StringComparison.Ordinal)),
            "stale" => TelegramSigning.InitData(id, "Mallory", DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-1)),
            _ => "",
        };

        using var response = await client.PostAsJsonAsync("/api/auth/webapp", new { init_data = initData });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task On_a_public_https_site_the_bot_menu_button_opens_the_mini_app()
    {
        var call = await host.Telegram.WaitForCallAsync("setChatMenuButton");

        var button = call.Parameters["menu_button"]!;
        Assert.Equal("web_app", button["type"]!.GetValue<string>());
        Assert.Equal($"{UplinkApp.PublicUrl}/app", button["web_app"]!["url"]!.GetValue<string>());
    }
}
