using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;
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

    /// <summary>
    /// Adds <paramref name="policy"/>: <paramref name="permitsPerMinute"/> requests per client address per minute,
    /// counting only the requests <paramref name="counts"/> picks (all when null).
    /// </summary>
    public static RateLimiterOptions AddPerClientPolicy(this RateLimiterOptions options, string policy,
        Func<IServiceProvider, int> permitsPerMinute, Func<HttpContext, bool>? counts = null) =>
        options.AddPolicy(policy, context => counts is null || counts(context)
            ? Partition(context, policy, permitsPerMinute(context.RequestServices))
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary>The client's partition of <paramref name="policy"/>: in Redis when it is configured, else in this process.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context, string policy, int permits)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var redis = context.RequestServices.GetRequiredService<RedisConnection>();
        return RateLimitPartition.Get($"{policy}:{client}", key =>
        {
            var local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = Window,
                QueueLimit = 0,
            });
            if (!redis.Enabled)
            {
                return local;
            }

            // Synchronous by the framework's design; the multiplexer is created once and connects in the background.
            var multiplexer = redis.GetMultiplexerAsync().AsTask().GetAwaiter().GetResult();
            return multiplexer is null
                ? local
                : new SharedOrLocalLimiter(multiplexer, new RedisFixedWindowRateLimiter<string>($"uplink:ratelimit:{key}",
                    new RedisFixedWindowRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = () => multiplexer,
                        PermitLimit = permits,
                        Window = Window,
                    }), local);
        });
    }

    /// <summary>
    /// Counts in Redis while it answers and in this process while it does not: Redis down costs
    /// the sharing of the count, never a request (as everywhere Uplink uses Redis).
    /// </summary>
    private sealed class SharedOrLocalLimiter(IConnectionMultiplexer redis, RateLimiter shared, RateLimiter local) : RateLimiter
    {
        public override TimeSpan? IdleDuration => local.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        // Redis is asked asynchronously only: "not acquired" here sends the middleware on to AcquireAsync.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            redis.IsConnected ? NotAttempted.Instance : local.AttemptAcquire(permitCount);

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (redis.IsConnected)
            {
                try
                {
                    return await shared.AcquireAsync(permitCount, cancellationToken);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Falls through to the local count.
                }
            }

            return await local.AcquireAsync(permitCount, cancellationToken);
        }

        private sealed class NotAttempted : RateLimitLease
        {
            public static readonly NotAttempted Instance = new();

            public override bool IsAcquired => false;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                shared.Dispose();
                local.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
