using BitFaster.Caching;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;

namespace Uplink.Infrastructure.Caching;

/// <summary>
/// A bounded LRU (BitFaster.Caching's ConcurrentLru) whose entries also expire after a TTL measured
/// on the host's TimeProvider. Writers invalidate through <see cref="CacheInvalidator"/>, which also
/// tells the other instances. Reads that raced with an invalidation are not cached (see the epoch).
/// </summary>
internal sealed class LocalCache
{
    private readonly ConcurrentLru<string, Entry> _lru;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _expirations;
    private long _epoch;
    private volatile bool _suspended;

    public LocalCache(IOptions<CacheOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _lru = new ConcurrentLru<string, Entry>(_options.Capacity);
        _lru.Events.Value!.ItemRemoved += (_, e) =>
        {
            if (e.Reason == ItemRemovedReason.Evicted)
            {
                Interlocked.Increment(ref _evictions);
            }
        };
    }

    public bool Enabled => _options.Enabled && !_suspended;

    /// <summary>
    /// Raised after entries were dropped here (by this instance's writers or another instance's message):
    /// the keys, or null when everything was. Caches built on top of this one (rendered pages) follow it.
    /// </summary>
    public event Action<IReadOnlyCollection<string>?>? Invalidated;

    /// <summary>Taken before reading the source; <see cref="Set"/> with it stores only if nothing was invalidated since.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public CacheStatistics Statistics => new(
        Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _evictions),
        Interlocked.Read(ref _expirations), _lru.Count);

    public bool TryGet<T>(string key, out T value)
    {
        value = default!;
        if (!Enabled)
        {
            return false;
        }

        if (_lru.TryGet(key, out var entry))
        {
            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                Interlocked.Increment(ref _hits);
                value = (T)entry.Value;
                return true;
            }

            _lru.TryRemove(key);
            Interlocked.Increment(ref _expirations);
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    public void Set<T>(string key, T value, long epoch)
        where T : notnull
    {
        if (Enabled && epoch == Epoch)
        {
            _lru.AddOrUpdate(key, new Entry(value, _time.GetUtcNow() + _options.Ttl));
            // An invalidation may have slipped in between the check and the write.
            if (epoch != Epoch)
            {
                _lru.TryRemove(key);
            }
        }
    }

    /// <summary>Drops entries here only; <see cref="CacheInvalidator"/> also tells the other instances.</summary>
    public void Remove(IReadOnlyCollection<string> keys)
    {
        Interlocked.Increment(ref _epoch);
        foreach (var key in keys)
        {
            _lru.TryRemove(key);
        }

        Invalidated?.Invoke(keys);
    }

    /// <summary>
    /// While other instances' invalidations cannot reach us (Redis down), serving from the cache
    /// could serve what another instance already changed: reads go to the database instead.
    /// </summary>
    public void Suspend()
    {
        _suspended = true;
        Interlocked.Increment(ref _epoch);
        _lru.Clear();
        Invalidated?.Invoke(null);
    }

    public void Resume()
    {
        // Whatever was cached before may have missed invalidations: start empty.
        Interlocked.Increment(ref _epoch);
        _lru.Clear();
        _suspended = false;
        Invalidated?.Invoke(null);
    }

    private sealed record Entry(object Value, DateTimeOffset ExpiresAt);
}
