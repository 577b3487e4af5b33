using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Referrals;

/// <summary>The referral leaderboard on a database of its own, so that the ranks are known.</summary>
public sealed class LeaderboardTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = DateTimeOffset.UtcNow.AddDays(-20);
    private FakeBotApi _telegram = null!;
    private UplinkApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync();
        _app = new UplinkApp(_telegram, new Dictionary<string, string?> { ["Telegram:Mode"] = "Polling" });
        _app.StartServer();
        await _telegram.WaitForCallAsync("setMyCommands");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task Ties_share_a_rank_the_first_to_get_there_leads_and_private_counts_show_as_a_member()
    {
        var ann = await Seed.MemberAsync(_app, "Ann", PublicFields.Default | PublicFields.ReferralCount);
        var ben = await Seed.MemberAsync(_app, "Ben", PublicFields.Default | PublicFields.ReferralCount);
        var cid = await Seed.MemberAsync(_app, "Cid", PublicFields.Default); // keeps the count private
        var dan = await Seed.MemberAsync(_app, "Dan", PublicFields.Default | PublicFields.ReferralCount);
        await Seed.InviteesAsync(_app, ann, Day0.AddDays(1), Day0.AddDays(2), Day0.AddDays(3)); // 3, reached on day 3
        await Seed.InviteesAsync(_app, ben, Day0.AddDays(1), Day0.AddDays(2));                  // 2, day 2
        await Seed.InviteesAsync(_app, cid, Day0.AddDays(1), Day0.AddDays(4));                  // 2, day 4
        await Seed.InviteesAsync(_app, dan, Day0.AddDays(4), Day0.AddDays(4), Day0.AddDays(5)); // 3, day 5

        var board = (await _app.CreateClient().GetFromJsonAsync<JsonObject>("/api/referrals/top"))!;
        var items = board["items"]!.AsArray();
        Assert.Equal([1, 1, 3, 3], items.Select(i => (int)i!["rank"]!));
        Assert.Equal(["Ann", "Dan", "Ben", null], items.Select(i => (string?)i!["display_name"]));
        Assert.Equal([3, 3, 2, 2], items.Select(i => (int)i!["count"]!));
        Assert.True((bool)items[3]!["hidden"]!);
        Assert.Null(items[3]!["referral_code"]);

        var eve = _telegram.NewUser("Eve");
        await eve.SendAsync("/start");
        var top = await eve.SendAsync("/top");
        Assert.Contains("1. Ann — 3\n1. Dan — 3\n3. Ben — 2\n3. a member — 2", top.Plain);
        Assert.Contains("You are not on the board yet", top.Plain);
    }

    [Fact]
    public async Task A_member_sees_their_own_place_below_the_top_ten()
    {
        var leaders = new List<long>();
        for (var i = 0; i < 11; i++)
        {
            var leader = await Seed.MemberAsync(_app, $"Leader{i}", PublicFields.Default | PublicFields.ReferralCount);
            await Seed.InviteesAsync(_app, leader, Day0, Day0);
            leaders.Add(leader);
        }

        var low = _telegram.NewUser("Low");
        await low.SendAsync("/start");
        var lowId = await _app.QueryAsync(db => Task.FromResult(db.Members.Single(m => m.TelegramUserId == low.Id).Id));
        await Seed.InviteesAsync(_app, lowId, Day0.AddDays(2));

        var top = await low.SendAsync("/top");

        Assert.Equal(10, top.Plain.Split('\n').Count(l => l.StartsWith("1. ", StringComparison.Ordinal)));
        Assert.Contains("Your place: 12, with 1.", top.Plain);
    }
}

/// <summary>Members written straight into the database, with the dates a test needs.</summary>
internal static class Seed
{
    private static int _next;

    public static Task<long> MemberAsync(UplinkApp app, string name, PublicFields fields, DateTimeOffset? at = null, long? referrer = null,
        DateTimeOffset? activeAt = null, long? telegramId = null) =>
        app.QueryAsync(async db =>
        {
            var n = Interlocked.Increment(ref _next);
            var member = new Member
            {
                TelegramUserId = telegramId ?? 900_000_000 + n, FirstName = name, ReferralCode = $"UP-S{n:D5}", PublicFields = fields,
                ReferrerId = referrer, CreatedAt = at ?? DateTimeOffset.UtcNow, UpdatedAt = at ?? DateTimeOffset.UtcNow, FirstActiveAt = activeAt,
            };
            db.Members.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });

    public static async Task InviteesAsync(UplinkApp app, long referrer, params DateTimeOffset[] joined)
    {
        foreach (var at in joined)
        {
            await MemberAsync(app, "Invitee", PublicFields.Default, at, referrer);
        }
    }
}
