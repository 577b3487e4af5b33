using System.Net.Http.Json;
using System.Text.Json;
using Uplink.Tests.Infrastructure;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Members;

/// <summary>
/// A new member's whole journey through the bot, the API and the site, run on each database
/// provider: /start, /profile, a friend's /start with the code, /referrals, the page and the API.
/// </summary>
public abstract class MemberJourneyTests(SqliteHost host)
{
    [Fact]
    public async Task A_new_member_brings_a_friend_and_both_show_up_everywhere()
    {
        var alice = host.Telegram.NewUser("Alice", "en", "Liddell");
        var welcome = await alice.SendAsync("/start");
        var code = CodeIn(welcome);

        var profile = await alice.SendAsync("/profile");
        Assert.Contains($"Referral code: {code}", profile.Plain);
        Assert.Contains("Members you invited: 0", profile.Plain);

        var before = host.Telegram.Sequence;
        var friend = host.Telegram.NewUser("Мария", "ru");
        var friendsWelcome = await friend.SendAsync($"/start {code}");
        Assert.Contains("по приглашению Alice Liddell", friendsWelcome.Plain);
        Assert.Contains("Мария", (await alice.NextMessageAsync(before)).Plain);

        var referrals = await alice.SendAsync("/referrals");
        Assert.Contains("Members you invited: 1", referrals.Plain);
        Assert.Contains("Мария", referrals.Plain);

        using var client = host.App.CreateClient();
        var page = await client.GetStringAsync($"/u/{code}");
        Assert.Contains("<h1>Alice Liddell</h1>", page);

        var api = await client.GetFromJsonAsync<JsonElement>($"/api/users/{code}");
        Assert.Equal("Alice Liddell", api.GetProperty("display_name").GetString());
        var friendsCode = CodeIn(friendsWelcome);
        var friendsApi = await client.GetFromJsonAsync<JsonElement>($"/api/users/{friendsCode}");
        Assert.Equal("Мария", friendsApi.GetProperty("display_name").GetString());
    }
}

[Collection(nameof(SqliteHost))]
public sealed class MemberJourneyOnSqliteTests(SqliteHost host) : MemberJourneyTests(host);

[Collection(nameof(PostgresHost))]
public sealed class MemberJourneyOnPostgresTests(PostgresHost host) : MemberJourneyTests(host);
