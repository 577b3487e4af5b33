using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Features.Events;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Pages;

/// <summary>
/// In Chromium: the Mini App page with an injected <c>window.Telegram.WebApp</c>, and the JSON API
/// called from other origins (the community's own website) through CORS.
/// </summary>
[Collection(nameof(BrowserHost))]
public sealed class MiniAppAndCorsTests(BrowserHost host)
{
    private const string SignInThenReadMe = """
        async ([api, code]) => {
          try {
            const login = await fetch(api + '/api/auth/callback', {
              method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
            const token = (await login.json()).access_token;
            const me = await fetch(api + '/api/users/me', { headers: { 'Authorization': 'Bearer ' + token } });
            return (await me.json()).first_name;
          } catch (e) {
            return 'refused: ' + e.name;
          }
        }
        """;

    [Fact]
    public async Task The_mini_app_signs_in_from_init_data_shows_the_profile_and_rsvps()
    {
        using var api = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var eventId = await api.CreateEventAsync("Mini App meetup", TimeSpan.FromDays(3), "Hall 2");
        var initData = TelegramSigning.InitData(881_000_001, "Tess", DateTimeOffset.UtcNow);
        var page = await host.NewPageAsync();
        await page.AddInitScriptAsync(
            $"window.Telegram = {{ WebApp: {{ initData: {JsonSerializer.Serialize(initData)}, ready: function () {{}} }} }};");

        await page.GotoAsync($"{host.BaseUrl}/app");
        await page.WaitForSelectorAsync($"[data-event='{eventId}']");
        await page.ClickAsync($"[data-event='{eventId}'] .rsvp-yes");
        await page.WaitForSelectorAsync($"[data-event='{eventId}'] .going-count:has-text('including you')");
        var saved = await api.GetFromJsonAsync<JsonElement>($"/api/events/{eventId}");

        Assert.Equal("Tess", await page.TextContentAsync("#app-name"));
        Assert.Equal(1, saved.GetProperty("going_count").GetInt32());
    }

    [Fact]
    public async Task Without_init_data_the_mini_app_says_to_open_it_from_telegram()
    {
        var page = await host.NewPageAsync();

        await page.GotoAsync($"{host.BaseUrl}/app");

        Assert.Contains("menu button", await page.TextContentAsync("#app-status"));
        Assert.True(await page.IsHiddenAsync("#profile"));
    }

    [Fact]
    public async Task A_listed_origin_exchanges_a_code_and_reads_me_and_another_origin_is_refused_by_the_browser()
    {
        using var api = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var ursula = host.Telegram.NewUser("Ursula");
        await ursula.SendAsync("/start");
        var page = await host.NewPageAsync();

        await page.GotoAsync(host.AllowedOrigin + "/");
        var allowed = await page.EvaluateAsync<string>(SignInThenReadMe, new[] { host.BaseUrl, await api.GenerateCodeAsync(ursula.Id) });
        await page.GotoAsync(host.OtherOrigin + "/");
        var other = await page.EvaluateAsync<string>(SignInThenReadMe, new[] { host.BaseUrl, await api.GenerateCodeAsync(ursula.Id) });

        Assert.Equal("Ursula", allowed);
        Assert.Equal("refused: TypeError", other);
    }

    [Fact]
    public void On_a_loopback_http_site_the_bot_keeps_its_usual_menu_button() =>
        Assert.Empty(host.Telegram.Calls("setChatMenuButton"));
}
