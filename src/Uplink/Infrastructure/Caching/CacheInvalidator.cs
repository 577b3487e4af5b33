using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Uplink.Infrastructure.Caching;

/// <summary>
/// Invalidates cache keys here and, with Redis configured, on every other instance (pub/sub).
/// While the subscription is down the local cache is suspended, so a missed message can never
/// leave a stale entry behind. Why not FusionCache's Redis backplane: docs/DECISIONS.md (it has no acknowledgements).
/// </summary>
internal sealed class CacheInvalidator(
    LocalCache cache, RedisConnection redis, IOptions<CacheOptions> options, ILogger<CacheInvalidator> logger)
    : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("uplink:cache:invalidate");
    private const string ProbePrefix = "probe:";
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _probes = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PendingAcks> _pending = new();

    private RedisChannel AckChannel => RedisChannel.Literal($"uplink:cache:ack:{_instance}");

    /// <summary>
    /// Drops the keys here and on every other instance. With Redis, it returns once every instance
    /// that received the message has acknowledged having dropped them (or after
    /// <c>Cache:InvalidationTimeout</c>), so a read anywhere after the writer answers never sees the old entry.
    /// </summary>
    public async Task InvalidateAsync(params string[] keys)
    {
        cache.Remove(keys);
        if (!redis.Enabled)
        {
            return;
        }

        var id = Guid.NewGuid().ToString("N");
        var pending = new PendingAcks();
        _pending[id] = pending;
        try
        {
            var subscriber = (await redis.GetMultiplexerAsync())?.GetSubscriber();
            if (subscriber is null)
            {
                return;
            }

            // Every subscribed instance receives it, this one included: the others must acknowledge.
            // (None at all when this instance's own subscription is down: then nobody else is waited for.)
            var receivers = await subscriber.PublishAsync(Channel, $"{_instance} {id} {string.Join(' ', keys)}");
            var timeout = options.Value.InvalidationTimeout;
            if (!await pending.WaitAsync((int)Math.Max(0, receivers - 1), timeout))
            {
                logger.LogWarning("Not every instance acknowledged a cache invalidation within {Timeout} ms", timeout.TotalMilliseconds);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not publish a cache invalidation ({Error})", ex.GetType().Name);
        }
        finally
        {
            _pending.TryRemove(id, out _);
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
        await multiplexer.GetSubscriber().SubscribeAsync(AckChannel, (_, message) => OnAck(message));
        await multiplexer.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnMessage(multiplexer, message));
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

    private void OnMessage(ConnectionMultiplexer multiplexer, RedisValue message)
    {
        // "{origin} {id} {key…}" for an invalidation, "{origin} probe:{nonce}" for a probe.
        var parts = message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return;
        }

        var probe = parts[1].StartsWith(ProbePrefix, StringComparison.Ordinal);
        if (parts[0] == _instance)
        {
            if (probe && _probes.TryGetValue(parts[1][ProbePrefix.Length..], out var heard))
            {
                heard.TrySetResult();
            }

            return;
        }

        if (probe)
        {
            return;
        }

        cache.Remove(parts[2..]);
        // Fire and forget: the writer times out on its own if this never arrives.
        _ = multiplexer.GetSubscriber().PublishAsync(
            RedisChannel.Literal($"uplink:cache:ack:{parts[0]}"), parts[1], CommandFlags.FireAndForget);
    }

    private void OnAck(RedisValue message)
    {
        if (_pending.TryGetValue(message.ToString(), out var pending))
        {
            pending.Acknowledge();
        }
    }

    /// <summary>Acknowledgements of one invalidation; they may arrive before the writer knows how many to expect.</summary>
    private sealed class PendingAcks
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;
        private int _expected = -1;

        public void Acknowledge()
        {
            lock (_done)
            {
                _received++;
                CompleteIfDone();
            }
        }

        public async Task<bool> WaitAsync(int expected, TimeSpan timeout)
        {
            lock (_done)
            {
                _expected = expected;
                CompleteIfDone();
            }

            try
            {
                // Real time on purpose: this bounds a network wait, as the Redis client's own timeouts do.
                await _done.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        private void CompleteIfDone()
        {
            if (_expected >= 0 && _received >= _expected)
            {
                _done.TrySetResult();
            }
        }
    }
}
