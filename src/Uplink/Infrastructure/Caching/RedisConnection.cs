using StackExchange.Redis;

namespace Uplink.Infrastructure.Caching;

/// <summary>
/// The optional Redis connection (<c>ConnectionStrings:Redis</c>). Redis here only ever speeds
/// things up: every caller treats a slow or absent Redis as a miss, so short timeouts make its
/// outage cost latency, never correctness.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>>? _connection;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // start without Redis and connect when it comes up
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 250);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 250);
        _connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    public bool Enabled => _connection is not null;

    public static bool IsValid(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return true;
        }

        try
        {
            return ConfigurationOptions.Parse(connectionString).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The multiplexer (connected or reconnecting), or null when Redis is not configured.</summary>
    public async ValueTask<ConnectionMultiplexer?> GetMultiplexerAsync()
    {
        if (_connection is null)
        {
            return null;
        }

        try
        {
            return await _connection.Value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Redis is unavailable");
            return null;
        }
    }

    /// <summary>The database, or null when Redis is not configured or not connected right now.</summary>
    public async ValueTask<IDatabase?> GetDatabaseAsync()
    {
        if (_connection is null)
        {
            return null;
        }

        try
        {
            var multiplexer = await _connection.Value;
            return multiplexer.IsConnected ? multiplexer.GetDatabase() : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Redis is unavailable");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsValueCreated: true })
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}

internal static class CachingExtensions
{
    public static IServiceCollection AddUplinkCaching(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName)
            .ValidateDataAnnotations()
            // Read by RedisConnection when first used; a typo must stop the start, not the first cache miss.
            .Validate<IConfiguration>((_, configuration) => RedisConnection.IsValid(configuration.GetConnectionString("Redis")),
                "ConnectionStrings:Redis must be a StackExchange.Redis configuration string (host:port[,option=value…]).")
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<LocalCache>();
        services.AddSingleton<CacheInvalidator>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheInvalidator>());
        return services;
    }
}
