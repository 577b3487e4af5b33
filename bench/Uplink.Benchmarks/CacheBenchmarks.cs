using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Caching;

namespace Uplink.Benchmarks;

[MemoryDiagnoser]
public class CacheBenchmarks
{
    private readonly LocalCache _cache = new(Options.Create(new CacheOptions()), TimeProvider.System);
    private readonly string[] _keys = Enumerable.Range(0, 10_000).Select(i => $"member:{i}").ToArray();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        foreach (var key in _keys)
        {
            _cache.Set(key, key, _cache.Epoch);
        }
    }

    [Benchmark]
    public bool GetHit() => _cache.TryGet<string>(_keys[_next++ % _keys.Length], out _);

    [Benchmark]
    public void Set() => _cache.Set(_keys[_next++ % _keys.Length], "value", _cache.Epoch);
}
