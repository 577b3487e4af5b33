using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Referrals;

/// <summary>A member's referral count is private until they make it a public field.</summary>
[Collection(nameof(SqliteHost))]
public sealed class PublicReferralCountTests(SqliteHost host)
{
    [Fact]
    public async Task Hidden_by_default_then_shown_on_the_profile_page_the_api_and_the_leaderboard_once_made_public()
    {
        var rita = host.Telegram.NewUser("Rita", "en", "Recruiter");
        var code = CodeIn(await rita.SendAsync("/start"));
        await host.Telegram.NewUser("Invitee").SendAsync($"/start {code}");
        using var anonymous = host.App.CreateClient();
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestJwt.Bearer(await client.LoginAsync(await client.GenerateCodeAsync(rita.Id)));

        // Read (and so cached) while hidden.
        Assert.Equal(JsonValueKind.Null, await ReferralCountAsync(anonymous, code));
        Assert.DoesNotContain("Members invited", await anonymous.GetStringAsync($"/u/{code}"));
        var hidden = (await client.GetFromJsonAsync<JsonElement>("/api/referrals/top")).GetProperty("me");
        Assert.True(hidden.GetProperty("hidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("display_name").ValueKind);

        var patched = await client.PatchAsJsonAsync("/api/users/me", new { public_fields = new { referral_count = true } });
        patched.EnsureSuccessStatusCode();

        Assert.True((await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("public_fields").GetProperty("referral_count").GetBoolean());
        Assert.Equal(1, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).GetProperty("referral_count").GetInt32());
        Assert.Contains("Members invited: 1", await anonymous.GetStringAsync($"/u/{code}"));
        var shown = (await client.GetFromJsonAsync<JsonElement>("/api/referrals/top")).GetProperty("me");
        Assert.Equal(("Rita Recruiter", code, 1), (shown.GetProperty("display_name").GetString(), shown.GetProperty("referral_code").GetString(), shown.GetProperty("count").GetInt32()));

        // A new invitee shows at once: the referrer's cached public profile is dropped.
        await host.Telegram.NewUser("Second").SendAsync($"/start {code}");
        Assert.Equal(2, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).GetProperty("referral_count").GetInt32());
        Assert.Contains("Members invited: 2", await anonymous.GetStringAsync($"/u/{code}"));
    }

    private static async Task<JsonValueKind> ReferralCountAsync(HttpClient client, string code) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}")).TryGetProperty("referral_count", out var count) ? count.ValueKind : JsonValueKind.Null;
}
