using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>Settings of the ways in: per-client limits on the sign-in routes, and the web app the bot's links open.</summary>
public sealed class SignInLimitsTests
{
    [Theory]
    [InlineData("GET", "/login")]
    [InlineData("POST", "/login/poll")]
    [InlineData("GET", "/auth/telegram?id=1&auth_date=1&hash=00")]
    [InlineData("POST", "/api/auth/webapp")]
    public async Task Each_sign_in_route_is_limited_per_client(string method, string path)
    {
        await using var app = new UplinkApp(telegram: null, new Dictionary<string, string?> { ["Auth:SignInPermitsPerMinute"] = "2" });
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { init_data = "" });
            }

            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses[..2]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
    }

    [Fact]
    public async Task With_a_web_app_url_the_bot_s_login_links_open_the_community_s_site()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var app = new UplinkApp(telegram, new Dictionary<string, string?> { ["Site:WebAppUrl"] = "https://community.example/members" });
        using var client = app.CreateClient();
        var alice = telegram.NewUser("Alice");
        await alice.SendAsync("/start");

        var link = await alice.RequestQrLinkAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/code/generate") { Content = JsonContent.Create(new { user_id = alice.Id }) };
        request.Headers.Add("X-Api-Key", UplinkApp.ServiceApiKey);
        var generated = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.StartsWith("https://community.example/members/auth/callback?code=", link);
        Assert.StartsWith("https://community.example/members/auth/callback?code=", generated.GetProperty("url").GetString());
    }
}
