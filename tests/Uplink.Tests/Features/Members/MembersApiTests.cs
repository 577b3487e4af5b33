using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Members;

[Collection(nameof(SqliteHost))]
public sealed class MembersApiTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Public_profile_carries_only_public_fields()
    {
        var bob = Telegram.NewUser("Bob");
        var bobsCode = CodeIn(await bob.SendAsync("/start"));
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        var code = CodeIn(await alice.SendAsync($"/start {bobsCode}"));
        using var client = host.App.CreateClient();

        var response = await client.GetAsync($"/api/users/{code}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("Alice Smith", root.GetProperty("display_name").GetString());
        Assert.Equal(code, root.GetProperty("referral_code").GetString());
        Assert.Equal($"{UplinkApp.PublicUrl}/u/{code}", root.GetProperty("profile_url").GetString());
        Assert.True(root.TryGetProperty("member_since", out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("username").ValueKind);
        var raw = root.GetRawText();
        foreach (var secret in new[] { alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "telegram", "language", "referrer", bobsCode, "alice_s" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Public_profile_shows_optional_fields_the_member_made_public()
    {
        var alice = Telegram.NewUser("Alice", "en", "Smith", "alice_s");
        var code = CodeIn(await alice.SendAsync("/start"));
        const PublicFields everything = PublicFields.LastName | PublicFields.Username | PublicFields.Bio | PublicFields.Photo;
        await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == alice.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.PublicFields, everything).SetProperty(m => m.Bio, "Likes <b>bold</b> ideas")));
        using var client = host.App.CreateClient();

        var profile = await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}");

        Assert.Equal("alice_s", profile.GetProperty("username").GetString());
        Assert.Equal("Likes <b>bold</b> ideas", profile.GetProperty("bio").GetString());
    }

    [Fact]
    public async Task Codes_are_matched_case_insensitively()
    {
        var code = CodeIn(await Telegram.NewUser("Alice").SendAsync("/start"));
        using var client = host.App.CreateClient();

        var response = await client.GetAsync($"/api/users/{code.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("UP-000000", HttpStatusCode.NotFound)]
    [InlineData("UP-12", HttpStatusCode.BadRequest)]
    [InlineData("not-a-code", HttpStatusCode.BadRequest)]
    [InlineData("UP-ABCDE%21", HttpStatusCode.BadRequest)]
    public async Task Unknown_and_malformed_codes_get_problem_details(string code, HttpStatusCode status)
    {
        using var client = host.App.CreateClient();

        var response = await client.GetAsync($"/api/users/{code}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Unknown_api_route_gets_problem_details()
    {
        using var client = host.App.CreateClient();

        var response = await client.GetAsync("/api/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_answers_liveness_and_readiness()
    {
        using var client = host.App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var bot = report.GetProperty("checks").GetProperty("bot");
        Assert.Equal("Healthy", bot.GetProperty("status").GetString());
        Assert.Equal("Receiving", bot.GetProperty("data").GetProperty("state").GetString());
        Assert.True(bot.GetProperty("data").TryGetProperty("last_successful_get_updates", out _));
    }

    [Fact]
    public async Task OpenApi_document_describes_the_public_profile()
    {
        using var client = host.App.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var path = document.GetProperty("paths").GetProperty("/api/users/{referralCode}");
        Assert.True(path.TryGetProperty("get", out _));
    }
}
