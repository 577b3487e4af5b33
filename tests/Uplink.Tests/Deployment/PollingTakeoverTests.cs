using Npgsql;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Deployment;

/// <summary>
/// Two instances in polling mode, as real processes on one PostgreSQL: one polls, the other stands
/// by; SIGKILL of the poller hands polling to the other within Telegram:PollingLeaseTimeout, from
/// the offset confirmed in the database, so no update is lost or handled twice.
/// </summary>
public sealed class PollingTakeoverTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(4);

    private PostgresServer _postgres = null!;
    private FakeBotApi _telegram = null!;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _telegram = await FakeBotApi.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_polling_instance_hands_polling_to_the_standby_within_the_lease_timeout()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Database"] = _postgres.ConnectionString("uplink_takeover"),
            ["Telegram__Mode"] = "Polling",
            ["Telegram__PollingLeaseTimeout"] = "00:00:04",
        };
        await using var first = UplinkProcess.Start(_telegram, settings);
        await first.WaitForBotStateAsync("Receiving", TimeSpan.FromSeconds(60));
        await using var second = UplinkProcess.Start(_telegram, settings);
        await second.WaitForBotStateAsync("Standby", TimeSpan.FromSeconds(60));

        var before = await SendStartsAsync(5);
        var perStart = before[0].Messages.Count;
        await WaitForSavedOffsetAsync(before.Count + 1); // update ids start at 1

        first.Kill();
        var after = Enumerable.Range(0, 5).Select(i => _telegram.NewUser($"After{i}")).ToList();
        after.ForEach(u => u.Push("/start"));
        var takeover = await second.WaitForBotStateAsync("Receiving", LeaseTimeout + TimeSpan.FromSeconds(5));
        await _telegram.WaitUntilAsync(_ => after.All(u => u.Messages.Count >= perStart), TimeSpan.FromSeconds(30));

        Assert.True(takeover <= LeaseTimeout + TimeSpan.FromSeconds(1.5), $"took over after {takeover}");
        Assert.All(before.Concat(after), u => Assert.Equal(perStart, u.Messages.Count));
        Assert.Contains(second.Output, l => l.Contains("taken by this instance", StringComparison.Ordinal));
    }

    private async Task<List<TelegramUser>> SendStartsAsync(int count)
    {
        var users = Enumerable.Range(0, count).Select(i => _telegram.NewUser($"Before{i}")).ToList();
        foreach (var user in users)
        {
            await user.SendAsync("/start");
        }

        return users;
    }

    /// <summary>The poller saves its confirmed offset right after handling; killed before that, it would be received again.</summary>
    private async Task WaitForSavedOffsetAsync(int offset)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString("uplink_takeover"));
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT value FROM bot_state WHERE key = @key", connection);
            command.Parameters.AddWithValue("key", $"polling.offset.{FakeBotApi.BotId}");
            if (await command.ExecuteScalarAsync() is string saved && int.Parse(saved, System.Globalization.CultureInfo.InvariantCulture) >= offset)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The polling offset {offset} was not saved.");
    }
}
