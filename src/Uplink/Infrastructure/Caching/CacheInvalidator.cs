using StackExchange.Redis;

namespace Uplink.Infrastructure.Caching;

/// <summary>
/// Invalidates cache keys here and, with Redis configured, on every other instance (pub/sub).
/// While the subscription is down the local cache is suspended, so a missed message can never
/// leave a stale entry behind.
/// </summary>
internal sealed class CacheInvalidator(LocalCache cache, RedisConnection redis, ILogger<CacheInvalidator> logger)
    : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("uplink:cache:invalidate");
    private readonly string _instance = Guid.NewGuid().ToString("N");

    public async Task InvalidateAsync(params string[] keys)
    {
        cache.Remove(keys);
        if (!redis.Enabled)
        {
            return;
        }

        try
        {
            var subscriber = (await redis.GetMultiplexerAsync())?.GetSubscriber();
            if (subscriber is not null)
            {
                // Awaited: when the writer answers its caller, Redis has passed the message on.
                await subscriber.PublishAsync(Channel, $"{_instance} {string.Join(' ', keys)}");
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not publish a cache invalidation ({Error})", ex.GetType().Name);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redis.Enabled)
        {
            return;
        }

        cache.Suspend();
        var multiplexer = await redis.GetMultiplexerAsync();
        if (multiplexer is null)
        {
            return;
        }

        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                logger.LogWarning("Redis subscription lost: the profile cache is off until it is back");
                cache.Suspend();
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                logger.LogInformation("Redis subscription restored: the profile cache is on again");
                cache.Resume();
            }
        };
        await multiplexer.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnMessage(message));
        if (multiplexer.IsConnected)
        {
            cache.Resume();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnMessage(RedisValue message)
    {
        var parts = message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && parts[0] != _instance)
        {
            cache.Remove(parts.Skip(1));
        }
    }
}
