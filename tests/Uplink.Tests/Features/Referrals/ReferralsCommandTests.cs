using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Referrals;

[Collection(nameof(SqliteHost))]
public sealed class ReferralsCommandTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Referrals_lists_the_count_and_the_latest_members_first()
    {
        var host1 = Telegram.NewUser("Hostess");
        var code = CodeIn(await host1.SendAsync("/start"));
        foreach (var name in new[] { "Ann", "Ben", "Cid" })
        {
            var before = Telegram.Sequence;
            await Telegram.NewUser(name).SendAsync($"/start {code}");
            await host1.NextMessageAsync(before); // the "joined" notice
        }

        var reply = await host1.SendAsync("/referrals");

        Assert.Contains("Members you invited: 3", reply.Plain);
        Assert.True(reply.Plain.IndexOf("Cid", StringComparison.Ordinal) < reply.Plain.IndexOf("Ann", StringComparison.Ordinal));
        Assert.Contains($"https://t.me/{FakeBotApi.BotUsername}?start={code}", reply.Plain);
    }

    [Fact]
    public async Task Referrals_with_nobody_invited_says_zero()
    {
        var loner = Telegram.NewUser("Loner");
        await loner.SendAsync("/start");

        var reply = await loner.SendAsync("/referrals");

        Assert.Contains("Members you invited: 0", reply.Plain);
        Assert.DoesNotContain("Latest", reply.Plain);
    }

    [Fact]
    public async Task Referrals_before_registering_asks_to_start()
    {
        var reply = await Telegram.NewUser("Newbie").SendAsync("/referrals");

        Assert.Contains("Send /start", reply.Plain);
    }
}
