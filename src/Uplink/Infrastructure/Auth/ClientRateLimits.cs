using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using Uplink.Infrastructure.Caching;

namespace Uplink.Infrastructure.Auth;

/// <summary>
/// Per-client rate limits, one place for every policy: with Redis configured and connected the
/// count lives in Redis, so all instances share it (RedisRateLimiting's fixed window); otherwise,
/// or while Redis is down, in this process. The client is the connection's address — the real
/// one behind a trusted proxy, since forwarded headers are applied first.
/// </summary>
internal static class ClientRateLimits
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Adds <paramref name="policy"/>: <paramref name="permitsPerMinute"/> requests per client address per minute.</summary>
    public static RateLimiterOptions AddPerClientPolicy(this RateLimiterOptions options, string policy,
        Func<IServiceProvider, int> permitsPerMinute) =>
        options.AddPolicy(policy, context => Partition(context, policy, permitsPerMinute(context.RequestServices)));

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, int permits)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var redis = context.RequestServices.GetRequiredService<RedisConnection>();
        // Synchronous by the framework's design; the multiplexer is created once and connects in the background.
        var multiplexer = redis.Enabled ? redis.GetMultiplexerAsync().AsTask().GetAwaiter().GetResult() : null;
        if (multiplexer is { IsConnected: true })
        {
            return RedisRateLimitPartition.GetFixedWindowRateLimiter($"uplink:ratelimit:{policy}:{client}", _ =>
                new RedisFixedWindowRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => multiplexer,
                    PermitLimit = permits,
                    Window = Window,
                });
        }

        // A different key: the partitioned limiter keeps one limiter per key, made by the first factory.
        return RateLimitPartition.GetFixedWindowLimiter($"local:{policy}:{client}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        });
    }
}
