using System.Diagnostics.Metrics;
using Uplink.Infrastructure.Caching;

namespace Uplink.Infrastructure.Observability;

/// <summary>
/// Uplink's own instruments (meter "Uplink"), exported with ASP.NET Core's at /metrics. Counters
/// carry an outcome tag rather than one instrument per outcome, so rates compare at a glance.
/// </summary>
internal sealed class UplinkMetrics
{
    public const string MeterName = "Uplink";

    private readonly Counter<long> _accessCodes;
    private readonly Counter<long> _botUpdates;
    private readonly Counter<long> _telegramCalls;
    private readonly Counter<long> _eventImports;

    public UplinkMetrics(IMeterFactory meters, LocalCache cache)
    {
        var meter = meters.Create(MeterName);
        _accessCodes = meter.CreateCounter<long>("uplink.access_codes", description: "One-time login codes by outcome: issued, redeemed, rejected, unavailable");
        _botUpdates = meter.CreateCounter<long>("uplink.bot.updates", description: "Telegram updates by outcome: handled, failed, ignored");
        _telegramCalls = meter.CreateCounter<long>("uplink.telegram.calls", description: "Bot API calls by method and HTTP status (429: throttled by Telegram; 0: no answer)");
        _eventImports = meter.CreateCounter<long>("uplink.events.imports", description: "Event source synchronisations by outcome");
        meter.CreateObservableCounter("uplink.cache.hits", () => cache.Statistics.Hits, description: "Profile and session cache hits");
        meter.CreateObservableCounter("uplink.cache.misses", () => cache.Statistics.Misses, description: "Profile and session cache misses");
        meter.CreateObservableCounter("uplink.cache.evictions", () => cache.Statistics.Evictions, description: "Entries evicted at capacity");
        meter.CreateObservableCounter("uplink.cache.expirations", () => cache.Statistics.Expirations, description: "Entries dropped after their TTL");
        meter.CreateObservableGauge("uplink.cache.size", () => cache.Statistics.Size, description: "Entries in the cache");
    }

    public void AccessCode(string outcome) => _accessCodes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void BotUpdate(string outcome) => _botUpdates.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TelegramCall(string method, int status) => _telegramCalls.Add(1,
        new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status));

    public void EventImport(string outcome) => _eventImports.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
