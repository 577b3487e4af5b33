using System.Diagnostics;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Bot;

/// <summary>Streams of updates through the real polling loop, workers and sender, against the fake Bot API.</summary>
public sealed class PollingStreamTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_host_restarted_in_the_middle_of_a_stream_neither_loses_nor_repeats_an_update()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var directory = Directory.CreateTempSubdirectory("uplink-restart-").FullName;
        // A compressed per-chat limit makes the stream last long enough to be cut in the middle.
        var settings = new Dictionary<string, string?> { ["Telegram:ChatMessageInterval"] = "00:00:00.020" };
        try
        {
            var users = Enumerable.Range(0, 10).Select(i => telegram.NewUser($"U{i}")).ToList();
            for (var n = 1; n <= 30; n++)
            {
                users.ForEach(u => u.Push($"/echo {n}"));
            }

            await using (var first = new UplinkApp(telegram, settings, directory, services: TestCommands.Add))
            {
                first.StartServer();
                await telegram.WaitUntilAsync(m => m.EchoCount() >= 60);
            }

            var handledBefore = telegram.Messages.EchoCount();
            output.WriteLine($"{handledBefore} of 300 handled before the restart");
            Assert.True(handledBefore >= 60);

            await using var second = new UplinkApp(telegram, settings, directory, services: TestCommands.Add);
            second.StartServer();
            await telegram.WaitUntilAsync(m => m.EchoCount() >= 300, TimeSpan.FromSeconds(60));
            // One more round trip: anything handled twice would have been sent by now.
            Assert.Equal("echo 31", (await users[0].SendAsync("/echo 31")).Text);

            var echoes = telegram.EchoesByChat();
            Assert.All(users, u => Assert.Equal(Enumerable.Range(1, u == users[0] ? 31 : 30), echoes[u.Id]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_thousand_updates_from_a_hundred_chats_are_all_handled_in_order_within_each_chats_limit()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var interval = TimeSpan.FromMilliseconds(100);
        await using var app = new UplinkApp(telegram, new Dictionary<string, string?>
        {
            ["Telegram:ChatMessageInterval"] = "00:00:00.100",
        }, services: TestCommands.Add);
        app.StartServer();
        await telegram.WaitForCallAsync("setMyCommands");
        var users = Enumerable.Range(0, 100).Select(i => telegram.NewUser($"U{i}")).ToList();

        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= 10; n++)
        {
            users.ForEach(u => u.Push($"/echo {n}"));
        }

        await telegram.WaitUntilAsync(m => m.EchoCount() >= 1000, TimeSpan.FromSeconds(90));
        output.WriteLine($"1000 updates from 100 chats handled in {clock.ElapsedMilliseconds} ms");
        Assert.Equal("echo 11", (await users[0].SendAsync("/echo 11")).Text);

        var echoes = telegram.EchoesByChat();
        Assert.Equal(1000 + 1, telegram.Messages.EchoCount());
        foreach (var user in users)
        {
            Assert.Equal(Enumerable.Range(1, user == users[0] ? 11 : 10), echoes[user.Id]);
            // Ten messages, each released at least `interval` after the previous one was let through:
            // nine intervals, less one for the first request's way to the server.
            var times = telegram.Messages.Where(m => m.ChatId == user.Id).OrderBy(m => m.Sequence).Take(10).Select(m => m.At).ToList();
            Assert.True(times[^1] - times[0] >= 8 * interval, $"chat {user.Id} got 10 messages within {times[^1] - times[0]}");
        }
    }
}
