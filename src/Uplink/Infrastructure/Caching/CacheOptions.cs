using System.ComponentModel.DataAnnotations;

namespace Uplink.Infrastructure.Caching;

/// <summary>The "Cache" section: the in-process cache of profiles and sessions.</summary>
internal sealed class CacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>Off: every read goes to the database (for measuring, or for debugging a suspicion).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 10_000;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Memory for rendered public profile pages (<c>/u/{code}</c>, about 3 KB each), served again until the
    /// member's profile changes or <see cref="Ttl"/> passes; 0 renders every request.
    /// </summary>
    [Range(0, 4096)]
    public int PageCacheMegabytes { get; set; } = 32;

    /// <summary>
    /// With Redis: how long an edit waits for every other instance to confirm it dropped the old
    /// entry. An instance slower than this is logged, and may serve the old entry until it catches up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan InvalidationTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What the cache has done since start.</summary>
internal sealed record CacheStatistics(long Hits, long Misses, long Evictions, long Expirations, int Size);
