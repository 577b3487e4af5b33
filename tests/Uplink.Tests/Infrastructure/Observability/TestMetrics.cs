using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Observability;

namespace Uplink.Tests.Infrastructure.Observability;

/// <summary>Real instruments on a meter factory of their own, for classes built by hand in unit tests.</summary>
internal static class TestMetrics
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static UplinkMetrics Create() =>
        new(Meters, new LocalCache(Options.Create(new CacheOptions()), TimeProvider.System));
}
