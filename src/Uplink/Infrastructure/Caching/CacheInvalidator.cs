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
    private const string ProbePrefix = "probe:";
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _probes = new();

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
                _ = ResumeWhenHeardAsync(multiplexer);
            }
        };
        await multiplexer.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnMessage(message));
        _ = ResumeWhenHeardAsync(multiplexer);
    }

    /// <summary>
    /// A restored connection is not yet a restored subscription (the client subscribes again a
    /// moment later), and messages published in between are lost. So the cache comes back only once
    /// this instance has heard its own probe on the channel: from then on it hears every invalidation.
    /// </summary>
    private async Task ResumeWhenHeardAsync(ConnectionMultiplexer multiplexer)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nonce = Guid.NewGuid().ToString("N");
        _probes[nonce] = heard;
        try
        {
            for (var attempt = 0; attempt < 600 && !heard.Task.IsCompleted; attempt++)
            {
                try
                {
                    await multiplexer.GetSubscriber().PublishAsync(Channel, $"{_instance} {ProbePrefix}{nonce}");
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Still down: keep trying while the multiplexer reconnects.
                }

                await Task.WhenAny(heard.Task, Task.Delay(100));
            }

            if (heard.Task.IsCompleted)
            {
                logger.LogInformation("Redis subscription is live: the profile cache is on");
                cache.Resume();
            }
        }
        finally
        {
            _probes.TryRemove(nonce, out _);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnMessage(RedisValue message)
    {
        var parts = message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return;
        }

        if (parts[0] != _instance)
        {
            cache.Remove(parts.Skip(1).Where(k => !k.StartsWith(ProbePrefix, StringComparison.Ordinal)));
        }
        else if (parts[1].StartsWith(ProbePrefix, StringComparison.Ordinal) &&
                 _probes.TryGetValue(parts[1][ProbePrefix.Length..], out var heard))
        {
            heard.TrySetResult();
        }
    }
}
