using Uplink.Tests.Infrastructure.FakeTelegram;

namespace Uplink.Tests.Infrastructure;

/// <summary>One fake Telegram and one Uplink host on SQLite, shared by a collection's tests.</summary>
public class SqliteHost : IAsyncLifetime
{
    public FakeBotApi Telegram { get; private set; } = null!;

    public UplinkApp App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        Telegram = await FakeBotApi.StartAsync();
        App = new UplinkApp(Telegram, Settings);
        App.StartServer();
        // The bot is ready once it has registered its commands.
        await Telegram.WaitForCallAsync("setMyCommands");
    }

    public virtual async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same host on a throwaway PostgreSQL server.</summary>
public sealed class PostgresHost : SqliteHost
{
    private PostgresServer? _server;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Database"] = _server!.ConnectionString("uplink"),
    };

    public override async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// Two Uplink instances sharing one PostgreSQL database and one Redis, as a community that has
/// outgrown one machine runs them. Only the first polls the bot (two pollers would conflict).
/// </summary>
public sealed class SharedStoresHost : IAsyncLifetime
{
    public FakeBotApi Telegram { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public UplinkApp First { get; private set; } = null!;

    public UplinkApp Second { get; private set; } = null!;

    /// <summary>The second instance reaches Redis through a slow link: it hears invalidations late.</summary>
    public LatencyProxy SlowRedisLink { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        Telegram = await FakeBotApi.StartAsync();
        SlowRedisLink = new LatencyProxy(Redis.Port, TimeSpan.FromMilliseconds(40));
        Dictionary<string, string?> Settings(string mode, string redis) => new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = Postgres.ConnectionString("uplink_shared"),
            ["ConnectionStrings:Redis"] = redis,
            ["Telegram:Mode"] = mode,
            // Generous: a test process running every collection at once can starve an instance's
            // thread pool for a while; the acknowledgement must come, however late.
            ["Cache:InvalidationTimeout"] = "00:00:30",
        };
        First = new UplinkApp(Telegram, Settings("Polling", Redis.ConnectionString));
        First.StartServer();
        await Telegram.WaitForCallAsync("setMyCommands");
        Second = new UplinkApp(Telegram, Settings("None", $"127.0.0.1:{SlowRedisLink.Port}"));
        Second.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        await Telegram.DisposeAsync();
        await SlowRedisLink.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(nameof(SharedStoresHost))]
public sealed class SharedStoresHostCollection : ICollectionFixture<SharedStoresHost>;

[CollectionDefinition(nameof(SqliteHost))]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHost>;

[CollectionDefinition(nameof(PostgresHost))]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHost>;
