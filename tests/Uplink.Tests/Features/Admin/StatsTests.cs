using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Uplink.Features.Events;
using Uplink.Features.Members;
using Uplink.Tests.Features.Auth;
using Uplink.Tests.Features.Referrals;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Admin;

/// <summary>/stats and the Active referral rule, each on a database of its own with a known data set.</summary>
public sealed class StatsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync();
        _app = new UplinkApp(_telegram, new Dictionary<string, string?> { ["Referrals:CountWhen"] = "Active" });
        _app.StartServer();
        await _telegram.WaitForCallAsync("setMyCommands");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task Stats_counts_members_referrals_events_and_rsvps_of_a_known_data_set()
    {
        var admin = await Seed.MemberAsync(_app, "Ada", PublicFields.Default, Now.AddDays(-100), telegramId: UplinkApp.AdminTelegramId);
        var old = await Seed.MemberAsync(_app, "Old", PublicFields.Default, Now.AddDays(-40));
        await Seed.MemberAsync(_app, "Mid", PublicFields.Default, Now.AddDays(-10), referrer: admin, activeAt: Now.AddDays(-10));
        await Seed.MemberAsync(_app, "New", PublicFields.Default, Now.AddDays(-1), referrer: admin, activeAt: Now.AddDays(-1));
        await Seed.MemberAsync(_app, "Idle", PublicFields.Default, Now.AddDays(-1), referrer: old); // never active: does not count
        await _app.QueryAsync(async db =>
        {
            db.Members.Single(m => m.FirstName == "Old").UnreachableSince = Now.AddDays(-2);
            var coming = new Event { Title = "Coming", StartsAt = Now.AddDays(3), TimeZone = "UTC", Source = Event.LocalSource, CreatedAt = Now };
            var past = new Event { Title = "Past", StartsAt = Now.AddDays(-3), TimeZone = "UTC", Source = Event.LocalSource, CreatedAt = Now };
            db.Events.AddRange(coming, past);
            await db.SaveChangesAsync();
            db.EventRsvps.AddRange(
                new EventRsvp { EventId = coming.Id, MemberId = admin, Going = true, UpdatedAt = Now },
                new EventRsvp { EventId = coming.Id, MemberId = old, Going = true, UpdatedAt = Now },
                new EventRsvp { EventId = past.Id, MemberId = old, Going = false, UpdatedAt = Now });
            return await db.SaveChangesAsync();
        });

        var ada = new TelegramUser(_telegram, UplinkApp.AdminTelegramId, "Ada", null, "ada_admin", "en");
        var stats = (await ada.SendAsync("/stats")).Plain;

        Assert.Contains("Members: 5 (new: 2 in 7 days, 3 in 30)", stats);
        Assert.Contains("Blocked the bot: 1", stats);
        Assert.Contains("Referrals: 2 (7 days: 1, 30 days: 2; counted when Active)", stats);
        Assert.Contains("Site logins: 0 (7 days: 0, 30 days: 0)", stats);
        Assert.Contains("Events: 1 coming, 1 past", stats);
        Assert.Contains("RSVPs (going): 2", stats);
        Assert.Contains("Bot: Receiving", stats);

        var refused = await _telegram.NewUser("Mallory").SendAsync("/stats");
        Assert.Equal("Only the community's admins can do this.", refused.Plain);
    }

    [Fact]
    public async Task Under_the_active_rule_an_invitee_counts_once_they_press_a_button()
    {
        var host = _telegram.NewUser("Hostess");
        var code = StartCodeOf(await host.SendAsync("/start"));
        var guest = _telegram.NewUser("Guest");
        var welcome = await guest.SendAsync($"/start {code}");
        Assert.Equal(0, await CountOfAsync(code));

        await guest.PressAsync("/events", welcome);

        Assert.Equal(1, await CountOfAsync(code));
        Assert.Contains("Members you invited: 1", (await host.SendAsync("/referrals")).Plain);
    }

    [Fact]
    public async Task Under_the_active_rule_an_invitee_counts_once_they_log_into_the_site_with_a_code()
    {
        var host = _telegram.NewUser("Inviter");
        var code = StartCodeOf(await host.SendAsync("/start"));
        var guest = _telegram.NewUser("Visitor");
        await guest.SendAsync($"/start {code}");
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(await client.GenerateCodeAsync(host.Id)));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>("/api/users/me"))!["referral_count"]!.GetValue<int>());

        await _app.CreateClient().LoginAsync(await client.GenerateCodeAsync(guest.Id));

        // The inviter's profile was cached with the old count: the guest's first login invalidated it.
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonObject>("/api/users/me"))!["referral_count"]!.GetValue<int>());
        Assert.Equal(1, await CountOfAsync(code));
    }

    private async Task<int> CountOfAsync(string code)
    {
        var me = (await _app.CreateClient().GetFromJsonAsync<JsonObject>("/api/referrals/top?size=100"))!;
        return me["items"]!.AsArray().Where(i => (string?)i!["referral_code"] == code || (bool)i!["hidden"]!).Sum(i => (int)i!["count"]!);
    }

    private static string StartCodeOf(SentMessage reply) => Uplink.Tests.Features.Members.StartCommandTests.CodeIn(reply);
}
