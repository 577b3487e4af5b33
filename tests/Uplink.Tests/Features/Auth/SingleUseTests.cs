using System.Net;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Features.Auth;

/// <summary>A code is spent exactly once however many requests race for it, on every store.</summary>
public abstract class SingleUseTests
{
    protected const int Racers = 200;

    protected static async Task<int> RaceAsync(IReadOnlyList<HttpClient> clients, string code)
    {
        // All requests are built first and released together.
        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, Racers).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await clients[i % clients.Count].RedeemAsync(code);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.StatusCode.ToString());
            return response.StatusCode == HttpStatusCode.OK;
        }).ToList();
        start.Release(Racers);
        return (await Task.WhenAll(racers)).Count(ok => ok);
    }

    protected static async Task<TelegramUser> RegisterAsync(FakeBotApi telegram)
    {
        var user = telegram.NewUser("Racer");
        await user.SendAsync("/start");
        return user;
    }
}

[Collection(nameof(SqliteHost))]
public sealed class SingleUseOnSqliteTests(SqliteHost host) : SingleUseTests
{
    [Fact]
    public async Task Concurrent_redemptions_of_one_code_succeed_exactly_once()
    {
        using var client = host.App.CreateClient();
        var code = await client.GenerateCodeAsync((await RegisterAsync(host.Telegram)).Id);

        Assert.Equal(1, await RaceAsync([client], code));
    }
}

[Collection(nameof(PostgresHost))]
public sealed class SingleUseOnPostgresTests(PostgresHost host) : SingleUseTests
{
    [Fact]
    public async Task Concurrent_redemptions_of_one_code_succeed_exactly_once()
    {
        using var client = host.App.CreateClient();
        var code = await client.GenerateCodeAsync((await RegisterAsync(host.Telegram)).Id);

        Assert.Equal(1, await RaceAsync([client], code));
    }
}

[Collection(nameof(SharedStoresHost))]
public sealed class SingleUseAcrossInstancesTests(SharedStoresHost host) : SingleUseTests
{
    [Fact]
    public async Task Concurrent_redemptions_through_redis_succeed_exactly_once()
    {
        using var client = host.First.CreateClient();
        var code = await client.GenerateCodeAsync((await RegisterAsync(host.Telegram)).Id);

        Assert.Equal(1, await RaceAsync([client], code));
    }

    [Fact]
    public async Task A_code_issued_on_one_instance_and_redeemed_on_both_at_once_succeeds_once()
    {
        using var first = host.First.CreateClient();
        using var second = host.Second.CreateClient();
        var code = await first.GenerateCodeAsync((await RegisterAsync(host.Telegram)).Id);

        Assert.Equal(1, await RaceAsync([first, second], code));
    }

    [Fact]
    public async Task A_code_issued_with_redis_up_is_redeemable_once_after_redis_stops()
    {
        using var client = host.Second.CreateClient();
        var code = await client.GenerateCodeAsync((await RegisterAsync(host.Telegram)).Id);
        await host.Redis.StopAsync();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(code)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(code)).StatusCode);
        }
        finally
        {
            await host.Redis.StartAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_code_stays_single_use_after_redis_loses_its_data()
    {
        using var client = host.First.CreateClient();
        var telegramUser = await RegisterAsync(host.Telegram);
        var spent = await client.GenerateCodeAsync(telegramUser.Id);
        var fresh = await client.GenerateCodeAsync(telegramUser.Id);
        await client.LoginAsync(spent);

        await host.Redis.FlushAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(spent)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.RedeemAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task With_the_database_down_redemption_answers_503_and_redis_still_turns_spent_codes_away()
    {
        using var client = host.First.CreateClient();
        var telegramUser = await RegisterAsync(host.Telegram);
        var spent = await client.GenerateCodeAsync(telegramUser.Id);
        var unspent = await client.GenerateCodeAsync(telegramUser.Id);
        await client.LoginAsync(spent);
        await EnsureTombstoneAsync(client, spent);
        await host.Postgres.StopServerAsync();
        try
        {
            using var unknownAnswer = await client.RedeemAsync(unspent);
            using var spentAnswer = await client.RedeemAsync(spent);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, unknownAnswer.StatusCode);
            Assert.Equal("application/problem+json", unknownAnswer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.BadRequest, spentAnswer.StatusCode);
        }
        finally
        {
            await host.Postgres.StartServerAsync();
        }

        // Nothing was decided while the database was down: the code still works, once.
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(unspent)).StatusCode);
    }

    /// <summary>
    /// Waits until Redis remembers the spent code. Another test restarts Redis, and the instance
    /// reconnects in the background; until then it writes nothing there (by design).
    /// </summary>
    private async Task EnsureTombstoneAsync(HttpClient client, string code)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(host.Redis.ConnectionString);
        var key = "uplink:code:spent:" + Convert.ToHexStringLower(Uplink.Features.Auth.AccessCode.Hash(code));
        for (var attempt = 0; attempt < 100 && !await redis.GetDatabase().KeyExistsAsync(key); attempt++)
        {
            using var _ = await client.RedeemAsync(code); // refused by the database, which tombstones it again
            await Task.Delay(100);
        }

        Assert.True(await redis.GetDatabase().KeyExistsAsync(key), "Redis never learned of the spent code");
    }
}

public sealed class RestartTests
{
    [Fact]
    public async Task A_code_is_redeemable_once_after_a_host_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("uplink-restart-").FullName;
        try
        {
            await using var telegram = await FakeBotApi.StartAsync();
            string code;
            await using (var before = new UplinkApp(telegram, dataDirectory: dataDirectory))
            {
                using var client = before.CreateClient();
                var user = telegram.NewUser("Alice");
                await user.SendAsync("/start");
                code = AuthSteps.CodeOf(await user.RequestQrLinkAsync());
            }

            await using var after = new UplinkApp(null, dataDirectory: dataDirectory);
            using var again = after.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await again.RedeemAsync(code)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await again.RedeemAsync(code)).StatusCode);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
