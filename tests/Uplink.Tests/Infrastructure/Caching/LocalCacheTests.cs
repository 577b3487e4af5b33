using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Uplink.Infrastructure.Caching;

namespace Uplink.Tests.Infrastructure.Caching;

public sealed class LocalCacheTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Hits_and_misses_are_counted()
    {
        var cache = Cache();
        cache.Set("a", "A", cache.Epoch);

        Assert.True(cache.TryGet<string>("a", out var a));
        Assert.False(cache.TryGet<string>("b", out _));
        Assert.Equal("A", a);
        Assert.Equal(new CacheStatistics(Hits: 1, Misses: 1, Evictions: 0, Expirations: 0, Size: 1), cache.Statistics);
    }

    [Fact]
    public void At_capacity_the_least_recently_used_entries_are_evicted()
    {
        var cache = Cache(capacity: 10);

        for (var i = 0; i < 100; i++)
        {
            cache.Set($"k{i}", i, cache.Epoch);
        }

        Assert.InRange(cache.Statistics.Size, 1, 10);
        Assert.Equal(90, cache.Statistics.Evictions, tolerance: 5);
        Assert.True(cache.TryGet<int>("k99", out var newest));
        Assert.Equal(99, newest);
        Assert.False(cache.TryGet<int>("k0", out _));
    }

    [Fact]
    public void Entries_expire_after_the_ttl()
    {
        var cache = Cache(ttl: TimeSpan.FromMinutes(5));
        cache.Set("a", "A", cache.Epoch);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(cache.TryGet<string>("a", out _));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cache.TryGet<string>("a", out _));
        Assert.Equal(1, cache.Statistics.Expirations);
        Assert.Equal(0, cache.Statistics.Size);
    }

    [Fact]
    public void A_read_that_raced_with_an_invalidation_is_not_cached()
    {
        var cache = Cache();
        var epoch = cache.Epoch; // a reader starts reading the database…

        cache.Remove(["a"]); // …a writer changes "a" meanwhile…
        cache.Set("a", "stale", epoch); // …and the reader comes back with what it read

        Assert.False(cache.TryGet<string>("a", out _));
    }

    [Fact]
    public void A_suspended_cache_serves_nothing_and_resumes_empty()
    {
        var cache = Cache();
        cache.Set("a", "A", cache.Epoch);

        cache.Suspend();
        var whileSuspended = cache.TryGet<string>("a", out _);
        cache.Set("b", "B", cache.Epoch);
        cache.Resume();

        Assert.False(whileSuspended);
        Assert.False(cache.TryGet<string>("a", out _));
        Assert.False(cache.TryGet<string>("b", out _));
    }

    [Fact]
    public void A_disabled_cache_stores_nothing()
    {
        var cache = Cache(enabled: false);

        cache.Set("a", "A", cache.Epoch);

        Assert.False(cache.TryGet<string>("a", out _));
        Assert.Equal(0, cache.Statistics.Size);
    }

    private LocalCache Cache(int capacity = 100, TimeSpan? ttl = null, bool enabled = true) => new(
        Options.Create(new CacheOptions { Capacity = capacity, Ttl = ttl ?? TimeSpan.FromMinutes(5), Enabled = enabled }), _time);
}
