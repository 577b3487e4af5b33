using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Uplink.Infrastructure.Web;

/// <summary>
/// The "Proxy" section: the reverse proxies whose <c>X-Forwarded-For/-Proto/-Host</c> are believed.
/// Empty (the default): no header is believed, the connection is the client.
/// </summary>
internal sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. <c>127.0.0.1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>172.18.0.0/16</c> (a compose network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Trusted proxies in a row in front of the service (a CDN before nginx makes 2).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies => KnownProxies.Select(p => IPAddress.Parse(p.Trim()));

    public IEnumerable<IPNetwork> Networks => KnownNetworks.Select(n => IPNetwork.Parse(n.Trim()));

    public bool IsValid() =>
        KnownProxies.All(p => IPAddress.TryParse(p.Trim(), out _)) &&
        KnownNetworks.All(n => IPNetwork.TryParse(n.Trim(), out _));
}
