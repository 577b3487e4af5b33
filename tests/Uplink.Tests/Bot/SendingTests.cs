using Microsoft.EntityFrameworkCore;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>Telegram's answers to sends, through the real Telegram.Bot HTTP stack and the fake Bot API.</summary>
[Collection(nameof(SqliteHost))]
public sealed class SendingTests(SqliteHost host)
{
    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task A_429_is_sent_again_no_sooner_than_retry_after_and_exactly_once()
    {
        var ann = Telegram.NewUser("Ann");
        Telegram.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var reply = await ann.SendAsync("/help");

        var attempts = Telegram.Calls("sendMessage").Where(c => c.Parameters.Long("chat_id") == ann.Id).ToList();
        Assert.Equal(2, attempts.Count);
        // A lower bound only: the sender waits at least retry_after, however loaded the machine.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20));
        Assert.Contains("/profile", reply.Plain);
        Assert.Single(ann.Messages);
    }

    [Fact]
    public async Task A_403_marks_the_member_unreachable_without_retrying_and_writing_again_clears_it()
    {
        var ann = Telegram.NewUser("Ann");
        await ann.SendAsync("/start");
        Telegram.FailNext("sendMessage", 403, "Forbidden: bot was blocked by the user");
        var before = Telegram.Calls("sendMessage").Count(c => c.Parameters.Long("chat_id") == ann.Id);

        ann.Push("/help"); // its answer is refused
        await ann.SendAsync("/referrals"); // same chat, so handled after /help

        Assert.Equal(before + 2, Telegram.Calls("sendMessage").Count(c => c.Parameters.Long("chat_id") == ann.Id));
        Assert.NotNull(await UnreachableSinceAsync(ann.Id));
        Assert.Contains(host.App.Logs.GetSnapshot(), r => r.Message.Contains("Update", StringComparison.Ordinal) &&
            r.Message.Contains("failed", StringComparison.Ordinal) && r.Exception?.Message.Contains("blocked", StringComparison.Ordinal) == true);

        await ann.SendAsync("/profile");
        Assert.Null(await UnreachableSinceAsync(ann.Id));
    }

    private Task<DateTimeOffset?> UnreachableSinceAsync(long userId) =>
        host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == userId).Select(m => m.UnreachableSince).SingleAsync());
}
