using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Caching;

namespace Uplink.Features.Members;

/// <summary>
/// Rendered public profile pages (<c>/u/{code}</c>) are kept by ASP.NET Core's output cache and follow the
/// profile cache exactly: a page is dropped whenever its member's public profile entry is (an edit here, or
/// another instance's message), everything when the profile cache is suspended, and a page whose rendering
/// raced with an invalidation is not kept (the same epoch rule as <see cref="LocalCache"/>). Rendering a
/// Razor page costs several times the JSON profile; a stored page costs about the same.
/// </summary>
internal static class ProfilePageCache
{
    public const string Policy = "profile-page";
    private const string AllPages = "profile-pages";
    private const string EpochPrefix = "epoch:";

    public static IServiceCollection AddProfilePageCache(this IServiceCollection services)
    {
        services.AddOutputCache(o => o.AddPolicy(Policy, new PagePolicy()));
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<CacheOptions>>(
            (o, cache) => o.SizeLimit = Math.Max(1, cache.Value.PageCacheMegabytes) * 1024L * 1024L);
        // Decorate the store the output cache registered, so that it follows the profile cache.
        var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(store);
        services.AddSingleton<IOutputCacheStore>(sp => new FollowingStore(
            (IOutputCacheStore)store.ImplementationFactory!(sp), sp.GetRequiredService<LocalCache>()));
        return services;
    }

    private static string EpochTag(long epoch) => EpochPrefix + epoch.ToString(CultureInfo.InvariantCulture);

    private sealed class PagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var cache = http.RequestServices.GetRequiredService<LocalCache>();
            var options = http.RequestServices.GetRequiredService<IOptions<CacheOptions>>().Value;
            var code = cache.Enabled && options.PageCacheMegabytes > 0
                && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && http.GetRouteValue("code") is string { Length: > 0 } c ? c : null;
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = code is not null;
            context.AllowCacheStorage = code is not null;
            context.AllowLocking = true;
            if (code is not null)
            {
                // Pages are written in the visitor's language (Infrastructure/Web/SiteLanguage.cs).
                context.CacheVaryByRules.VaryByValues["lang"] = CultureInfo.CurrentUICulture.Name;
                context.ResponseExpirationTimeSpan = options.Ttl;
                context.Tags.Add(AllPages);
                context.Tags.Add(ProfileCache.PublicKey(code));
                context.Tags.Add(EpochTag(cache.Epoch));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The output cache's own store, emptied of what the profile cache drops.</summary>
    private sealed class FollowingStore : IOutputCacheStore
    {
        private readonly IOutputCacheStore _inner;
        private readonly LocalCache _cache;

        public FollowingStore(IOutputCacheStore inner, LocalCache cache)
        {
            _inner = inner;
            _cache = cache;
            cache.Invalidated += keys =>
            {
                foreach (var tag in keys?.Where(k => k.StartsWith("profile:", StringComparison.Ordinal)) ?? [AllPages])
                {
                    // The in-memory store evicts synchronously.
                    _inner.EvictByTagAsync(tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
            };
        }

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => _inner.EvictByTagAsync(tag, cancellationToken);

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            var epoch = tags?.FirstOrDefault(t => t.StartsWith(EpochPrefix, StringComparison.Ordinal));
            if (epoch is null || epoch != EpochTag(_cache.Epoch))
            {
                return; // rendered from what was read before an invalidation
            }

            await _inner.SetAsync(key, value, tags, validFor, cancellationToken);
            if (epoch != EpochTag(_cache.Epoch))
            {
                // An invalidation slipped in between the check and the write.
                await _inner.EvictByTagAsync(epoch, cancellationToken);
            }
        }
    }
}
