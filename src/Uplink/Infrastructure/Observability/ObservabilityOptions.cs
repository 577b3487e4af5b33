using System.Net;

namespace Uplink.Infrastructure.Observability;

/// <summary>The "Observability" section: who may read <c>/metrics</c>.</summary>
internal sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose clients may scrape besides loopback:
    /// <c>Observability:MetricsAllowedNetworks:0=…</c>, or one comma-separated value.
    /// </summary>
    public List<string> MetricsAllowedNetworks { get; set; } = [];

    /// <summary>A key a scraper may present anywhere as <c>Authorization: Bearer …</c>; unset, none is accepted.</summary>
    public string? MetricsScrapeKey { get; set; }

    internal List<IPNetwork> Networks { get; } = [];

    internal List<string> Malformed { get; } = [];

    /// <summary>
    /// Parses the networks; the binder ignores a plain value where it expects a list, so a
    /// comma-separated one (<c>Observability__MetricsAllowedNetworks=10.0.0.0/8,192.168.0.0/16</c>) is read here.
    /// </summary>
    internal void Parse(IConfiguration configuration)
    {
        var raw = configuration[$"{SectionName}:{nameof(MetricsAllowedNetworks)}"];
        var entries = MetricsAllowedNetworks.Append(raw ?? "")
            .SelectMany(e => e.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var entry in entries)
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                Networks.Add(network);
            }
            else
            {
                Malformed.Add(entry);
            }
        }
    }
}
