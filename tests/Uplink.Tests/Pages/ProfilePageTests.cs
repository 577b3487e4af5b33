using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Pages;

[Collection(nameof(SqliteHost))]
public sealed partial class ProfilePageTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    private HttpClient Client() => host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Profile_page_is_made_for_search_engines()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith");
        var code = CodeIn(await alice.SendAsync("/start"));
        await SetBioAsync(alice, "Runs the Thursday meetups.");
        using var client = Client();

        var html = await client.GetStringAsync($"/u/{code}");

        var url = $"{UplinkApp.PublicUrl}/u/{code}";
        Assert.Contains("<title>Alice Smith · Test Community</title>", html);
        Assert.Contains("<meta name=\"description\" content=\"Runs the Thursday meetups.\" />", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{url}\" />", html);
        Assert.Contains("<meta property=\"og:type\" content=\"profile\" />", html);
        Assert.Contains($"<meta property=\"og:url\" content=\"{url}\" />", html);
        Assert.Contains("<meta property=\"og:title\" content=\"Alice Smith · Test Community\" />", html);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary\" />", html);
        var ld = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value).RootElement;
        Assert.Equal("ProfilePage", ld.GetProperty("@type").GetString());
        Assert.Equal("Person", ld.GetProperty("mainEntity").GetProperty("@type").GetString());
        Assert.Equal("Alice Smith", ld.GetProperty("mainEntity").GetProperty("name").GetString());
        Assert.Equal(url, ld.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Member_text_is_html_encoded_everywhere_on_the_page()
    {
        var mallory = Telegram.NewUser("<script>alert('x')</script>", "en", "</title>");
        var code = CodeIn(await mallory.SendAsync("/start"));
        await SetBioAsync(mallory, "\"><img src=x onerror=alert(1)></script><script>alert(2)</script>");
        using var client = Client();

        var html = await client.GetStringAsync($"/u/{code}");

        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("</title> ·", html);
        Assert.Single(Regex.Matches(html, "</script>"));
        Assert.Contains("&lt;script&gt;alert(", html);
    }

    [Fact]
    public async Task Lowercase_code_redirects_permanently_to_the_canonical_url()
    {
        var code = CodeIn(await Telegram.NewUser("Alice").SendAsync("/start"));
        using var client = Client();

        var response = await client.GetAsync($"/u/{code.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"{UplinkApp.PublicUrl}/u/{code}", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("/u/UP-000000")]
    [InlineData("/u/garbage")]
    [InlineData("/no/such/page")]
    public async Task Unknown_profiles_and_pages_get_a_real_404_page(string path)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.Contains("noindex", html);
    }

    [Fact]
    public async Task Landing_page_names_the_community_and_links_the_bot()
    {
        using var client = Client();

        var html = await client.GetStringAsync("/");

        Assert.Contains("<h1>Test Community</h1>", html);
        Assert.Contains($"https://t.me/{FakeBotApi.BotUsername}", html);
    }

    private Task SetBioAsync(TelegramUser user, string bio) => host.App.QueryAsync(db => db.Members
        .Where(m => m.TelegramUserId == user.Id)
        .ExecuteUpdateAsync(s => s.SetProperty(m => m.Bio, bio)));

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
